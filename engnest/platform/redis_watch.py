"""Live updates survive a Redis outage (scale-out mode): each web worker watches Redis and repairs what Reflex
leaves broken when it comes back.

Reflex's cross-worker subscribers (the "lost and found" channel that carries a push to the worker holding the
tab's websocket, the socket-record and lock notifications) run under a supervisor that gives up after 5 errors
in 60 s and restarts only when a new websocket connects: after ~10 s without Redis, open tabs silently stopped
receiving anything from other workers. And a Redis that restarts empty has forgotten which worker holds which
tab, and every tab's state.

While Redis answers, the watch keeps those subscribers running (restarting any that stopped). When Redis comes
back after an outage it restarts them (fresh subscriptions, keyspace notifications enabled again), records this
worker's open tabs again, and, if Redis lost its data (this worker's marker key is gone), tells each of its tabs
to reload, since their server-side state is gone. While Redis is away the tabs' heartbeat shows
"Reconnecting…" (network.state.presence).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from engnest.platform.settings import get_settings

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
PING_TIMEOUT_SECONDS = 2.0  # a Redis that does not answer within this is out, even if the socket stays open
MARKER_TTL_SECONDS = 3600  # refreshed at every check: a stopped worker's marker goes away by itself
RELOAD_SCRIPT = "window.location.reload()"
_SUBSCRIBERS = ("_lost_and_found_task", "_socket_record_task")


def _event_name() -> str:
    from reflex_base import constants

    return str(constants.SocketEvent.EVENT)


class RedisWatch:
    def __init__(self, app: Any, redis: Any, *, interval: float = INTERVAL_SECONDS) -> None:
        self.app = app
        self.redis = redis
        self.interval = interval
        self.up = True
        self.recoveries = 0  # how many outages this worker came back from (tests and logs)

    @property
    def _namespace(self) -> Any:
        return self.app.event_namespace

    @property
    def _token_manager(self) -> Any:
        namespace = self._namespace
        return getattr(namespace, "_token_manager", None) if namespace is not None else None

    def _marker(self) -> str:
        tm = self._token_manager
        return f"{get_settings().redis_prefix}:worker-alive:{getattr(tm, 'instance_id', 'none')}"

    async def run(self) -> None:
        with contextlib.suppress(Exception):
            await self.redis.set(self._marker(), "1", ex=MARKER_TTL_SECONDS)  # from now on, its absence means Redis lost its data
        while True:
            await self.check()
            await asyncio.sleep(self.interval)

    async def check(self) -> None:
        try:  # this worker's marker doubles as the ping: gone means Redis lost its data (even if restarted unseen)
            kept = bool(await asyncio.wait_for(self.redis.expire(self._marker(), MARKER_TTL_SECONDS), PING_TIMEOUT_SECONDS))
        except Exception as exc:
            if self.up:
                log.warning("Redis is unreachable (%s): live updates from other workers are paused", exc)
            self.up = False
            return
        if not self.up or not kept:
            self.up = True
            await self._recovered(lost=not kept)
        self._ensure_subscribers()

    def _ensure_subscribers(self) -> None:
        tm = self._token_manager
        if tm is None or not hasattr(tm, "ensure_lost_and_found_task"):
            return  # one process without Redis tokens: nothing crosses workers
        tm.ensure_lost_and_found_task(self._namespace.emit_update)
        tm._ensure_socket_record_task()
        manager = getattr(self.app, "state_manager", None)
        if manager is not None and hasattr(manager, "_ensure_lock_task"):
            manager._ensure_lock_task()

    async def _restart_subscribers(self) -> None:
        tasks = [getattr(self._token_manager, name, None) for name in _SUBSCRIBERS]
        tasks.append(getattr(getattr(self.app, "state_manager", None), "_lock_task", None))
        for task in tasks:
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _recovered(self, *, lost: bool) -> None:
        self.recoveries += 1
        await self.redis.set(self._marker(), "1", ex=MARKER_TTL_SECONDS)
        await self._restart_subscribers()
        tm = self._token_manager
        mine = [] if tm is None else [(t, r) for t, r in list(tm.token_to_socket.items()) if r.instance_id == tm.instance_id]
        for token, record in mine:  # the worker holding each tab, for pushes from other workers
            await tm._store_socket_record(token, record, nx=True)
        log.warning("Redis is back%s: subscriptions restarted, %d open tabs recorded again",
                    " without its data" if lost else "", len(mine))
        if lost:
            update = {"delta": {}, "events": [{"name": "_call_script", "payload": {"javascript_code": RELOAD_SCRIPT, "callback": None}}]}
            for _token, record in mine:  # their state is gone: each tab reloads what it shows
                with contextlib.suppress(Exception):
                    await self._namespace.emit(_event_name(), update, to=record.sid)


@contextlib.asynccontextmanager
async def watching(app: Any, redis: Any):
    """Run a RedisWatch for this worker while the app runs."""
    watch = RedisWatch(app, redis)
    task = asyncio.create_task(watch.run())
    try:
        yield watch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
