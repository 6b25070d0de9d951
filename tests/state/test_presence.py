"""Presence: the heartbeat registers tabs and tells friends and collaborators when someone comes online;
the sweep tells them when the last tab has gone; strangers are told nothing. Both tab directories
(memory and Redis) agree on who is online."""

from __future__ import annotations

import time
import uuid

import pytest
from factories import NOW, login_token, make_user

from engnest.network import presence
from engnest.network.services import friends, relations
from engnest.network.state.presence import PresenceState
from engnest.platform import events, realtime
from state.harness import Tab


@pytest.fixture
def directory(monkeypatch):
    fresh = realtime.MemoryTabDirectory()
    monkeypatch.setattr(realtime, "_fallback_directory", fresh)
    return fresh


@pytest.fixture
def pushes():
    recorder = events.Recorder()
    events.add_sink(recorder)
    yield recorder
    events.remove_sink(recorder)


@pytest.fixture
def circle(sqlite_session):
    s = sqlite_session
    me, friend, collaborator, stranger = (make_user(s, complete=True) for _ in range(4))
    friends.send_request(session=s, user_id=friend.id, other_id=me.id, now=NOW)
    friends.accept(session=s, user_id=me.id, other_id=friend.id, now=NOW)
    relations.do_make_collaborators(session=s, a=me.id, b=collaborator.id, now=NOW)
    s.commit()
    return {"me": me, "friend": friend, "collaborator": collaborator, "stranger": stranger, "session": s}


def presence_pushes(recorder):
    return [p for p in recorder.pushes if p.topic == presence.TOPIC]


async def test_coming_online_tells_friends_and_collaborators_once(circle, directory, pushes):
    tab = Tab(token=login_token(circle["session"], circle["me"]), path="/home")
    await tab.call(PresenceState, "heartbeat")
    await tab.call(PresenceState, "heartbeat")
    sent = presence_pushes(pushes)
    assert len(sent) == 1
    assert set(sent[0].user_ids) == {circle["friend"].id, circle["collaborator"].id}
    assert sent[0].payload["user_id"] == circle["me"].id and sent[0].payload["online"] is True
    assert await directory.online_users(time.time()) == {circle["me"].id}


async def test_a_second_tab_does_not_announce_again_and_offline_waits_for_the_last_tab(circle, directory, pushes):
    me = circle["me"].id
    now = time.time()
    assert await directory.touch(me, "tab-1", now) is True
    assert await directory.touch(me, "tab-2", now) is False
    assert await directory.drop(me, "tab-1", now) is False  # tab-2 is still open
    assert await presence.sweep_once(now + 5) == []
    assert await presence.sweep_once(now + realtime.TAB_TTL_SECONDS + 1) == [me]
    assert await presence.sweep_once(now + realtime.TAB_TTL_SECONDS + 5) == []  # reported once
    offline = presence_pushes(pushes)
    assert len(offline) == 1 and offline[0].payload["online"] is False


async def test_signing_out_announces_offline_at_once(circle, directory, pushes):
    tab = Tab(token=login_token(circle["session"], circle["me"]), path="/home")
    await tab.call(PresenceState, "heartbeat")
    await tab.call(PresenceState, "leave")
    assert [p.payload["online"] for p in presence_pushes(pushes)] == [True, False]


async def test_strangers_are_not_told(circle, directory, pushes):
    tab = Tab(token=login_token(circle["session"], circle["stranger"]), path="/home")
    await tab.call(PresenceState, "heartbeat")
    assert presence_pushes(pushes) == []
    assert await directory.online([circle["stranger"].id], time.time()) == {circle["stranger"].id}


async def test_redis_directory_agrees_on_online_users_and_claims_each_offline_user_once(redis_url):
    import redis.asyncio as aioredis

    client = aioredis.from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    worker_a, worker_b = realtime.RedisTabDirectory(client, prefix), realtime.RedisTabDirectory(client, prefix)
    now = time.time()
    try:
        await worker_a.touch(1, "t1", now)
        await worker_b.touch(2, "t2", now)
        assert await worker_b.drop(2, "t2", now) is True  # closed its only tab: offline now
        assert await worker_a.online_users(now) == {1}
        later = now + realtime.TAB_TTL_SECONDS + 1
        claimed = await worker_a.sweep(later) + await worker_b.sweep(later)
        assert claimed == [1]  # user 2 was reported offline by drop(), user 1 by exactly one sweep
        assert await worker_b.online_users(later) == set()
    finally:
        keys = [k async for k in client.scan_iter(f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
