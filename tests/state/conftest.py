"""State tier: the wall clock is pinned to the factories' NOW (ticking), so sessions minted and meetings
written at NOW are judged by the same clock the handlers read, whatever today's date is."""

import pytest
import time_machine
from factories import NOW

from engnest import features

features.load_web()  # the frame, settings sections, HTTP routes and AuthState hooks, as the app loads them


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=True):
        yield
