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
from abc import ABC, abstractmethod
from collections.abc import Iterable

from engnest import events
from engnest.settings import get_settings

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
TAB_TTL_SECONDS = 25


def queue_key() -> str:
    return f"{get_settings().redis_prefix}:push-queue"


# topic -> (state class, method name). The method is `async def m(self, topic: str, payload: dict)`.
_topic_handlers: dict[str, list[tuple[type, str]]] = {}


def subscribe(topic: str, state_cls: type, method: str) -> None:
    """Register `state_cls.method` to receive pushes of `topic` in every tab of the target users."""
    entries = _topic_handlers.setdefault(topic, [])
    if (state_cls, method) not in entries:
        entries.append((state_cls, method))


# --- Tab directory ------------------------------------------------------------------------------


class TabDirectory(ABC):
    @abstractmethod
    async def touch(self, user_id: int, token: str, now: float) -> bool:
        """Record a heartbeat; True if the user was offline until now."""

    @abstractmethod
    async def drop(self, user_id: int, token: str, now: float) -> bool:
        """Forget a tab (sign-out, tab closed); True if the user is now offline."""

    @abstractmethod
    async def tabs(self, user_id: int, now: float) -> list[str]: ...

    @abstractmethod
    async def online(self, user_ids: Iterable[int], now: float) -> set[int]: ...

    @abstractmethod
    async def last_seen(self, user_ids: Iterable[int]) -> dict[int, float]: ...

    @abstractmethod
    async def online_users(self, now: float) -> set[int]:
        """Everyone with a live tab (the "online now" search filter)."""

    @abstractmethod
    async def sweep(self, now: float) -> list[int]:
        """Drop expired tabs; the users who went offline because of it."""


class MemoryTabDirectory(TabDirectory):
    def __init__(self) -> None:
        self._tabs: dict[int, dict[str, float]] = {}
        self._last_seen: dict[int, float] = {}
        self._reported_online: set[int] = set()

    def _live(self, user_id: int, now: float) -> dict[str, float]:
        tabs = self._tabs.get(user_id, {})
        for token in [t for t, exp in tabs.items() if exp <= now]:
            del tabs[token]
        return tabs

    async def touch(self, user_id: int, token: str, now: float) -> bool:
        tabs = self._live(user_id, now)
        was_offline = not tabs
        tabs[token] = now + TAB_TTL_SECONDS
        self._tabs[user_id] = tabs
        self._last_seen[user_id] = now
        self._reported_online.add(user_id)
        return was_offline

    async def drop(self, user_id: int, token: str, now: float) -> bool:
        tabs = self._live(user_id, now)
        had = bool(tabs)
        tabs.pop(token, None)
        self._last_seen[user_id] = now
        if not tabs:
            self._reported_online.discard(user_id)
        return had and not tabs

    async def tabs(self, user_id: int, now: float) -> list[str]:
        return list(self._live(user_id, now))

    async def online(self, user_ids: Iterable[int], now: float) -> set[int]:
        return {u for u in user_ids if self._live(u, now)}

    async def last_seen(self, user_ids: Iterable[int]) -> dict[int, float]:
        return {u: self._last_seen[u] for u in user_ids if u in self._last_seen}

    async def online_users(self, now: float) -> set[int]:
        return {u for u in list(self._tabs) if self._live(u, now)}

    async def sweep(self, now: float) -> list[int]:
        gone = [u for u in self._reported_online if not self._live(u, now)]
        self._reported_online.difference_update(gone)
        return gone


class RedisTabDirectory(TabDirectory):
    """One sorted set per user (member: tab token, score: expiry), plus an index of users with tabs."""

    def __init__(self, redis, prefix: str | None = None) -> None:
        self.redis = redis
        self.prefix = prefix or get_settings().redis_prefix
        self.index_key = f"{self.prefix}:tabs-index"
        self.seen_key = f"{self.prefix}:last-seen"

    def _key(self, user_id: int) -> str:
        return f"{self.prefix}:tabs:{user_id}"

    async def _prune(self, user_id: int, now: float) -> int:
        pipe = self.redis.pipeline()
        pipe.zremrangebyscore(self._key(user_id), "-inf", now)
        pipe.zcard(self._key(user_id))
        _, count = await pipe.execute()
        return int(count)

    async def touch(self, user_id: int, token: str, now: float) -> bool:
        was_offline = await self._prune(user_id, now) == 0
        pipe = self.redis.pipeline()
        pipe.zadd(self._key(user_id), {token: now + TAB_TTL_SECONDS})
        pipe.expire(self._key(user_id), TAB_TTL_SECONDS * 4)
        pipe.zadd(self.index_key, {str(user_id): now + TAB_TTL_SECONDS})
        pipe.hset(self.seen_key, str(user_id), now)
        await pipe.execute()
        return was_offline

    async def drop(self, user_id: int, token: str, now: float) -> bool:
        had = await self._prune(user_id, now) > 0
        await self.redis.zrem(self._key(user_id), token)
        await self.redis.hset(self.seen_key, str(user_id), now)
        if await self._prune(user_id, now) == 0:
            # Reported offline here, so the sweep must not report it again.
            return bool(await self.redis.zrem(self.index_key, str(user_id))) and had
        return False

    async def tabs(self, user_id: int, now: float) -> list[str]:
        members = await self.redis.zrangebyscore(self._key(user_id), now, "+inf")
        return [m.decode() if isinstance(m, bytes) else m for m in members]

    async def online(self, user_ids: Iterable[int], now: float) -> set[int]:
        ids = list(user_ids)
        pipe = self.redis.pipeline()
        for u in ids:
            pipe.zcount(self._key(u), now, "+inf")
        counts = await pipe.execute()
        return {u for u, c in zip(ids, counts) if int(c) > 0}

    async def last_seen(self, user_ids: Iterable[int]) -> dict[int, float]:
        ids = list(user_ids)
        if not ids:
            return {}
        values = await self.redis.hmget(self.seen_key, [str(u) for u in ids])
        return {u: float(v) for u, v in zip(ids, values) if v is not None}

    async def online_users(self, now: float) -> set[int]:
        """Index entries still fresh, confirmed against the tabs (an entry outlives a tab that stopped beating)."""
        members = await self.redis.zrangebyscore(self.index_key, now, "+inf")
        ids = [int(m.decode() if isinstance(m, bytes) else m) for m in members]
        return await self.online(ids, now) if ids else set()

    async def sweep(self, now: float) -> list[int]:
        """Users whose index entry expired and who have no live tab left (claimed atomically, so
        with several workers each user's offline transition is reported once)."""
        expired = await self.redis.zrangebyscore(self.index_key, "-inf", now)
        gone = []
        for raw in expired:
            member = raw.decode() if isinstance(raw, bytes) else raw
            if await self.redis.zrem(self.index_key, member) and await self._prune(int(member), now) == 0:
                gone.append(int(member))
        return gone


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
        task = self.loop.create_task(self.deliver(push))
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
