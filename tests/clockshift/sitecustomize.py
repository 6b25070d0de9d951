"""Imported by Python at start-up when this directory is on PYTHONPATH (tests/support.py puts it there when the
clock is shifted): shifts the wall clock of every Python process the tests start. See engnest_test_clock.py."""

import engnest_test_clock  # noqa: F401
