"""Site administration from the command line (composition layer): `python -m engnest.admin --help`."""
