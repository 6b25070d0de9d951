"""Background work never shows an error (issue 16 item 8): during a database or Redis outage an idle tab's
presence heartbeat failed and the tab showed "Something went wrong… nothing was saved" for an action the person
never took. The heartbeat now swallows (and logs) the outage and the tab shows the connection state instead."""

from __future__ import annotations

import pytest
import redis
from factories import login_token, make_user

from engnest.network.state.presence import PresenceState
from engnest.platform import realtime
from state.harness import Tab, assert_signed_in


class BrokenDirectory(realtime.MemoryTabDirectory):
    """A tab directory whose Redis has gone away."""

    async def touch(self, *_args, **_kw):
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def directory(monkeypatch):
    fresh = realtime.MemoryTabDirectory()
    monkeypatch.setattr(realtime, "_fallback_directory", fresh)
    return fresh


async def test_a_heartbeat_during_an_outage_raises_nothing_and_shows_the_connection_state(sqlite_session, directory, monkeypatch):
    me = make_user(sqlite_session)
    sqlite_session.commit()
    tab = Tab(token=login_token(sqlite_session, me), path="/home")
    await assert_signed_in(tab, me)
    await tab.call(PresenceState, "heartbeat")
    assert tab.state(PresenceState).live is True

    monkeypatch.setattr(realtime, "_fallback_directory", BrokenDirectory())
    await tab.call(PresenceState, "heartbeat")  # raised before: the app's error toast
    assert tab.state(PresenceState).live is False

    assert tab.state(PresenceState).back is False

    monkeypatch.setattr(realtime, "_fallback_directory", directory)
    await tab.call(PresenceState, "heartbeat")
    assert tab.state(PresenceState).live is True
    assert tab.state(PresenceState).back is True  # "Connected again" for one heartbeat
    await tab.call(PresenceState, "heartbeat")
    assert tab.state(PresenceState).back is False
