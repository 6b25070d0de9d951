"""Tab directory: which browser tabs each user has open, kept fresh by each tab's heartbeat.

In memory when embedded, in Redis when scaled out (so every worker sees every tab). A tab not heard
from for `TAB_TTL_SECONDS` is gone; `sweep` reports users whose last tab went away (presence).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from engnest.platform.settings import get_settings

HEARTBEAT_SECONDS = 10
TAB_TTL_SECONDS = 25


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
