import sys

from engnest.admin.cli import main

sys.exit(main())
