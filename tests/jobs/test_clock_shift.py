"""TEST_CLOCK_SHIFT_DAYS (README, Tests): a Python process the tests start reads the same wall clock as the tests,
so the app, its workers and `python -m engnest.jobs` all live on the shifted date."""

import datetime as dt
import os
import subprocess
import sys

from support import CLOCK_SHIFT_DAYS

from engnest.platform.clock import utcnow


def test_a_child_python_process_reads_the_same_wall_clock_as_the_tests():
    code = "import datetime as dt; print(dt.datetime.now(dt.timezone.utc).isoformat())"
    child = dt.datetime.fromisoformat(subprocess.run([sys.executable, "-c", code], env=dict(os.environ), capture_output=True,
                                                     text=True, check=True, timeout=120).stdout.strip())
    assert abs(child - utcnow()) < dt.timedelta(minutes=2)
    real = dt.datetime.fromtimestamp(int(subprocess.check_output(["date", "+%s"], timeout=60)), dt.timezone.utc)  # not Python
    assert abs(child - real - dt.timedelta(days=CLOCK_SHIFT_DAYS)) < dt.timedelta(minutes=2)
