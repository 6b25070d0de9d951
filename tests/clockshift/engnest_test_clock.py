"""Run this process's wall clock ahead by TEST_CLOCK_SHIFT_DAYS days (time-machine, ticking), so the whole suite
can prove it does not depend on today's date: `TEST_CLOCK_SHIFT_DAYS=365 make test`.

Loaded by tests/support.py in the pytest process and, through `sitecustomize.py` beside this file (put on
PYTHONPATH for every child), in each Python process the tests start: the app under `reflex run`, its workers,
`python -m engnest.jobs`. Only the wall clock moves (`time.time`, `datetime.now`, ...); the monotonic clock that
timeouts and sleeps use does not. Why not `faketime`: see the README's Tests section.
"""

from __future__ import annotations

import os

VAR = "TEST_CLOCK_SHIFT_DAYS"
_traveller = None


def start() -> float:
    """Start the shift once per process; returns the shift in days (0: none asked)."""
    global _traveller
    days = float(os.environ.get(VAR) or 0)
    if days and _traveller is None:
        import datetime as dt

        import time_machine

        _traveller = time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days), tick=True)
        _traveller.start()
    return days


start()
