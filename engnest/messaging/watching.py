"""Which conversation each open tab is showing, so a new message notifies its recipient only when
none of their live tabs has that thread open.

A thread page records "tab T of user U shows the thread with P" when it loads and clears it when it
is left. Liveness comes from the realtime tab directory (kept by each tab's heartbeat), so a tab
that was closed without saying goodbye stops counting once its heartbeat expires. In memory when
embedded; in Redis (beside the tab directory, same prefix) when scaled out, so every worker agrees.
"""

from __future__ import annotations

import time
import weakref

from engnest.platform import realtime

KEY_TTL_SECONDS = 24 * 3600


class MemoryWatching:
    def __init__(self, directory: realtime.TabDirectory) -> None:
        self.directory = directory
        self._shown: dict[int, dict[str, int]] = {}

    async def show(self, user_id: int, token: str, peer_id: int) -> None:
        self._shown.setdefault(user_id, {})[token] = peer_id

    async def hide(self, user_id: int, token: str) -> None:
        self._shown.get(user_id, {}).pop(token, None)

    async def is_watching(self, user_id: int, peer_id: int, now: float | None = None) -> bool:
        shown = self._shown.get(user_id, {})
        if peer_id not in shown.values():
            return False
        live = set(await self.directory.tabs(user_id, time.time() if now is None else now))
        return any(peer == peer_id and token in live for token, peer in shown.items())


class RedisWatching:
    """One hash per user: tab token -> peer id."""

    def __init__(self, directory: realtime.RedisTabDirectory) -> None:
        self.directory = directory
        self.redis = directory.redis

    def _key(self, user_id: int) -> str:
        return f"{self.directory.prefix}:watching:{user_id}"

    async def show(self, user_id: int, token: str, peer_id: int) -> None:
        pipe = self.redis.pipeline()
        pipe.hset(self._key(user_id), token, str(peer_id))
        pipe.expire(self._key(user_id), KEY_TTL_SECONDS)
        await pipe.execute()

    async def hide(self, user_id: int, token: str) -> None:
        await self.redis.hdel(self._key(user_id), token)

    async def is_watching(self, user_id: int, peer_id: int, now: float | None = None) -> bool:
        live = await self.directory.tabs(user_id, time.time() if now is None else now)
        if not live:
            return False
        shown = await self.redis.hmget(self._key(user_id), live)
        want = str(peer_id)
        return any((v.decode() if isinstance(v, bytes) else v) == want for v in shown if v is not None)


_registries: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def registry() -> MemoryWatching | RedisWatching:
    """The registry beside this process's tab directory."""
    directory = realtime.directory()
    found = _registries.get(directory)
    if found is None:
        found = RedisWatching(directory) if isinstance(directory, realtime.RedisTabDirectory) else MemoryWatching(directory)
        _registries[directory] = found
    return found
