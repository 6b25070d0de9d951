"""Real-time: push to a user's open tabs on any worker, and know who is online.

* A **tab directory** maps user -> open tab tokens, kept fresh by a heartbeat from each tab
  (every `HEARTBEAT_SECONDS`; a tab not heard from for `TAB_TTL_SECONDS` is gone). In memory when
  embedded, in Redis when scaled out, so every worker sees every tab.
* Services queue `events.Push(user_ids, topic, payload)` after commit. The web process delivers each
  push by opening the tab's state with `app.modify_state` and calling the method registered for the
  topic; Reflex's Redis state manager and token manager route the resulting update to whichever
  worker holds the websocket. A process without websockets (the external scheduler) hands pushes to
  the web workers through a Redis list, so exactly one worker delivers each.
* Pushes carry little: the receiving state reloads what it shows from the database, so a tab that
  missed a push (or reconnects) still ends up with everything that was committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable

from engnest.platform import events, redis_watch
from engnest.platform.settings import get_settings
from engnest.platform.tabs import (  # noqa: F401  (re-exported: callers use realtime.TabDirectory etc.)
    HEARTBEAT_SECONDS,
    TAB_TTL_SECONDS,
    MemoryTabDirectory,
    RedisTabDirectory,
    TabDirectory,
)

log = logging.getLogger(__name__)


def queue_key() -> str:
    return f"{get_settings().redis_prefix}:push-queue"


# topic -> (state class, method name). The method is `async def m(self, topic: str, payload: dict)`.
_topic_handlers: dict[str, list[tuple[type, str]]] = {}


def subscribe(topic: str, state_cls: type, method: str) -> None:
    """Register `state_cls.method` to receive pushes of `topic` in every tab of the target users."""
    entries = _topic_handlers.setdefault(topic, [])
    if (state_cls, method) not in entries:
        entries.append((state_cls, method))


# --- Delivery -----------------------------------------------------------------------------------


class Realtime:
    """Lives in each web worker (created by the app's lifespan)."""

    def __init__(self, app, directory: TabDirectory, redis=None) -> None:
        self.app = app
        self.directory = directory
        self.redis = redis
        self.loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task] = set()

    # Called from any thread (services run in worker threads) right after a commit.
    def sink(self, push: events.Push) -> None:
        if self.loop is None or self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self._spawn, push)

    def _spawn(self, push: events.Push) -> None:
        task = self.loop.create_task(self.deliver(push))  # type: ignore[union-attr]  # sink() checked the loop
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def deliver(self, push: events.Push) -> int:
        """Deliver to every open tab of the target users; returns how many tabs got it."""
        from reflex.istate.manager.token import BaseStateToken

        handlers = _topic_handlers.get(push.topic, [])
        if not handlers:
            return 0
        token_manager = self.app.event_namespace._token_manager if self.app.event_namespace else None
        delivered = 0
        now = time.time()
        for user_id in push.user_ids:
            for token in await self.directory.tabs(user_id, now):
                if token_manager is not None and not await token_manager.is_token_connected(token):
                    continue
                for state_cls, method in handlers:
                    try:
                        async with self.app.modify_state(BaseStateToken(ident=token, cls=state_cls)) as root:
                            state = await root.get_state(state_cls)
                            await getattr(state, method)(push.topic, push.payload)
                        delivered += 1
                    except Exception:
                        log.exception("push %s to tab %s failed", push.topic, token[:8])
        return delivered

    async def consume_queue(self) -> None:
        """Deliver pushes queued by processes without websockets (Redis list; one worker per push)."""
        while True:
            try:
                item = await self.redis.blpop([queue_key()], timeout=5)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("push queue read failed")
                await asyncio.sleep(1)
                continue
            if item is None:
                continue
            data = json.loads(item[1])
            await self.deliver(events.Push(tuple(data["user_ids"]), data["topic"], data.get("payload", {})))


def redis_queue_sink(redis_sync):
    """For processes without websockets: hand pushes to the web workers."""

    def _sink(push: events.Push) -> None:
        redis_sync.rpush(queue_key(), json.dumps({"user_ids": list(push.user_ids), "topic": push.topic, "payload": push.payload}))

    return _sink


_current: Realtime | None = None


def current() -> Realtime | None:
    return _current


def directory() -> TabDirectory:
    """The tab directory of this process (the web app's, or a standalone one for tools)."""
    global _fallback_directory
    if _current is not None:
        return _current.directory
    if _fallback_directory is None:
        _fallback_directory = make_directory()
    return _fallback_directory


_fallback_directory: TabDirectory | None = None

# Called with a user id when that user's first live tab appears (network announces them online).
_first_tab_callbacks: list[Callable[[int], Awaitable[object]]] = []


def on_first_tab(callback: Callable[[int], Awaitable[object]]) -> None:
    if callback not in _first_tab_callbacks:
        _first_tab_callbacks.append(callback)


async def join(user_id: int, token: str) -> bool:
    """Pushes for `user_id` reach tab `token` from now on (every worker sees it). The heartbeat calls this, and so
    does a page that reads what it shows and must not miss what is committed after that read: it joins *before*
    reading (a reconnect comes back under a new token, and its first heartbeat may be seconds away). Returns True
    when this was the user's first live tab (the `on_first_tab` callbacks have run)."""
    if not await directory().touch(user_id, token, time.time()):
        return False
    for callback in _first_tab_callbacks:
        await callback(user_id)
    return True


def make_directory() -> TabDirectory:
    url = get_settings().redis_url
    if url:
        import redis.asyncio as aioredis

        return RedisTabDirectory(aioredis.from_url(url))
    return MemoryTabDirectory()


@contextlib.asynccontextmanager
async def lifespan(app):
    """Registered on the app: start delivering pushes in this worker."""
    global _current
    url = get_settings().redis_url
    redis = None
    if url:
        import redis.asyncio as aioredis

        redis = aioredis.from_url(url)
        rt = Realtime(app, RedisTabDirectory(redis), redis)
    else:
        rt = Realtime(app, MemoryTabDirectory())
    rt.loop = asyncio.get_running_loop()
    _current = rt
    events.add_sink(rt.sink)
    consumer = asyncio.create_task(rt.consume_queue()) if redis is not None else None
    try:
        async with contextlib.AsyncExitStack() as stack:
            if redis is not None:  # cross-worker subscriptions come back after a Redis outage
                await stack.enter_async_context(redis_watch.watching(app, redis))
            yield rt
    finally:
        events.remove_sink(rt.sink)
        if consumer is not None:
            consumer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await consumer
        if redis is not None:
            await redis.aclose()
        _current = None
