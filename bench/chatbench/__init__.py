"""Support code for bench/chat.py (a package, so `make bench` does not run these files on their own)."""
