"""Which thread each tab shows (decides whether a new message notifies): in memory and in Redis,
where every worker must agree."""

from __future__ import annotations

import time
import uuid

import pytest

from engnest.messaging import watching
from engnest.platform import realtime


@pytest.fixture(params=["memory", "redis"])
async def registry(request):
    if request.param == "memory":
        directory = realtime.MemoryTabDirectory()
        yield directory, watching.MemoryWatching(directory)
        return
    import redis.asyncio as aioredis

    client = aioredis.from_url(request.getfixturevalue("redis_url"))
    prefix = f"test-watching-{uuid.uuid4().hex[:8]}"
    directory = realtime.RedisTabDirectory(client, prefix)
    yield directory, watching.RedisWatching(directory)
    async for key in client.scan_iter(f"{prefix}*"):
        await client.delete(key)
    await client.aclose()


async def test_a_live_tab_showing_the_thread_counts_as_watching(registry):
    directory, reg = registry
    now = time.time()
    await directory.touch(7, "tab-1", now)
    assert await reg.is_watching(7, 9, now) is False
    await reg.show(7, "tab-1", 9)
    assert await reg.is_watching(7, 9, now) is True
    assert await reg.is_watching(7, 10, now) is False  # another thread
    assert await reg.is_watching(9, 7, now) is False  # the other person


async def test_leaving_the_thread_or_losing_the_heartbeat_stops_it(registry):
    directory, reg = registry
    now = time.time()
    await directory.touch(7, "tab-1", now)
    await directory.touch(7, "tab-2", now)
    await reg.show(7, "tab-1", 9)
    await reg.show(7, "tab-2", 9)
    await reg.hide(7, "tab-1")
    assert await reg.is_watching(7, 9, now) is True  # tab-2 still shows it
    assert await reg.is_watching(7, 9, now + realtime.TAB_TTL_SECONDS + 1) is False  # both tabs went quiet


async def test_a_tab_that_moves_to_another_thread_stops_watching_the_first(registry):
    directory, reg = registry
    now = time.time()
    await directory.touch(7, "tab-1", now)
    await reg.show(7, "tab-1", 9)
    await reg.show(7, "tab-1", 11)
    assert (await reg.is_watching(7, 9, now), await reg.is_watching(7, 11, now)) == (False, True)
