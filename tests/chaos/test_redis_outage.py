"""Redis stopped long enough for Reflex's cross-worker subscriber to give up, then restarted empty (issue 16,
item 4): pushes from another worker reach the tab again, and the tab, whose server-side state Redis lost, is told
to reload.

Real Redis (the tier's own, killed with SIGKILL and restarted without its data) and Reflex's real Redis token
managers, one per "worker"; the websocket server of worker A is the recorded boundary (what it emits to a tab).
"""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
import redis.asyncio as aioredis
from reflex.state import StateUpdate
from reflex.utils.token_manager import RedisTokenManager

from engnest.platform.redis_watch import RELOAD_SCRIPT, RedisWatch

RECOVERY_BOUND_S = 5.0  # from Redis answering again to a push from another worker reaching the tab


class Socket:
    """Worker A's websocket server as the watch and Reflex use it: what it would send to which tab."""

    def __init__(self, token_manager: RedisTokenManager) -> None:
        self._token_manager = token_manager
        self.updates: list[tuple[str, dict]] = []  # (token, delta)
        self.emitted: list[tuple[str, dict]] = []  # (sid, data)

    async def emit_update(self, update: StateUpdate, token: str) -> None:
        self.updates.append((token, update.delta))

    async def emit(self, event: str, data: dict, to: str) -> None:
        self.emitted.append((to, data))


async def until(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


async def push_until_delivered(sender: RedisTokenManager, socket: Socket, token: str, n: int, timeout: float) -> float:
    """Worker B pushes update `n` to the tab (as Reflex does for a tab on another worker) until it arrives."""
    start = time.monotonic()
    while not any(delta.get("n") == n for _, delta in socket.updates):
        assert time.monotonic() - start < timeout, f"push {n} never reached the tab"
        await sender.emit_lost_and_found(token, StateUpdate(delta={"n": n}))  # type: ignore[arg-type]
        await asyncio.sleep(0.1)
    return time.monotonic() - start


@pytest.mark.asyncio
async def test_pushes_from_another_worker_resume_after_redis_restarts_empty(own_redis):
    worker_a = RedisTokenManager(aioredis.from_url(own_redis.url))
    socket = Socket(worker_a)
    watch = RedisWatch(SimpleNamespace(event_namespace=socket, state_manager=None), aioredis.from_url(own_redis.url), interval=0.2)
    assert await worker_a.link_token_to_sid("tab-1", "sid-1") is None
    worker_a.ensure_lost_and_found_task(socket.emit_update)  # as Reflex does when the tab connects
    runner = asyncio.create_task(watch.run())
    worker_b = RedisTokenManager(aioredis.from_url(own_redis.url))
    try:
        await push_until_delivered(worker_b, socket, "tab-1", 1, timeout=10)

        own_redis.kill()
        # Reflex's subscriber retries once a second and gives up after 5 errors: it is gone for good.
        await until(lambda: worker_a._lost_and_found_task is not None and worker_a._lost_and_found_task.done(), 30, "the subscriber to give up")
        own_redis.start()  # back, without any data: which worker holds which tab, and the tabs' states, are gone

        # A worker that never saw the tab finds it again (the record was stored again) and its push arrives.
        worker_c = RedisTokenManager(aioredis.from_url(own_redis.url))
        try:
            recovered_in = await push_until_delivered(worker_c, socket, "tab-1", 2, timeout=RECOVERY_BOUND_S + 5)
            await push_until_delivered(worker_b, socket, "tab-1", 3, timeout=RECOVERY_BOUND_S)
        finally:
            await worker_c.close()
        assert recovered_in <= RECOVERY_BOUND_S + watch.interval
        assert watch.recoveries == 1
        # Its server-side state was lost with Redis: the tab is told to reload, once.
        reloads = [sid for sid, data in socket.emitted if data["events"][0]["payload"]["javascript_code"] == RELOAD_SCRIPT]
        assert reloads == ["sid-1"]
        assert [delta["n"] for _, delta in socket.updates].count(2) >= 1
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await worker_b.close()
        await worker_a.close()


@pytest.mark.asyncio
async def test_a_short_redis_blip_with_data_kept_reloads_no_tab(own_redis):
    """Redis unreachable but not emptied (a network blip): subscriptions come back, nobody's tab reloads."""
    worker_a = RedisTokenManager(aioredis.from_url(own_redis.url))
    socket = Socket(worker_a)
    watch_redis = aioredis.from_url(own_redis.url)
    watch = RedisWatch(SimpleNamespace(event_namespace=socket, state_manager=None), watch_redis, interval=0.2)
    await worker_a.link_token_to_sid("tab-1", "sid-1")
    worker_a.ensure_lost_and_found_task(socket.emit_update)
    runner = asyncio.create_task(watch.run())
    worker_b = RedisTokenManager(aioredis.from_url(own_redis.url))
    try:
        await push_until_delivered(worker_b, socket, "tab-1", 1, timeout=10)
        await watch_redis.execute_command("CLIENT", "PAUSE", "3000", "ALL")  # nobody is answered for 3 s
        await until(lambda: not watch.up, 10, "the watch to notice the outage")
        await until(lambda: watch.up, 10, "Redis to answer again")
        await push_until_delivered(worker_b, socket, "tab-1", 2, timeout=RECOVERY_BOUND_S)
        assert socket.emitted == []
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await worker_b.close()
        await worker_a.close()
