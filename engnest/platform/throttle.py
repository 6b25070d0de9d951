"""Rate limits with the `limits` library: memory storage by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import functools
import math
import time

from limits import parse
from limits.storage import MemoryStorage, RedisStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from engnest.platform import aftercommit
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

EXPIRE_EVERY_SECONDS = 1.0


class InlineMemoryStorage(MemoryStorage):
    """`limits`' memory storage without its expiry thread: the stock one starts a `threading.Timer` (a new OS
    thread) on nearly every hit to drop expired entries 10 ms later; this one drops them inline, at most once a
    second, in the call that notices it is due (the windows read only unexpired entries either way)."""

    def __init__(self) -> None:
        super().__init__()
        self._expire_due = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the private method that starts the thread
        now = time.monotonic()
        if now >= self._expire_due:
            self._expire_due = now + EXPIRE_EVERY_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


@functools.cache
def _limiter(uri: str, prefix: str) -> MovingWindowRateLimiter:
    if uri.startswith("memory"):
        return MovingWindowRateLimiter(InlineMemoryStorage())
    options = {"key_prefix": f"{prefix}-limits"} if uri.startswith("redis") else {}
    return MovingWindowRateLimiter(storage_from_string(uri, **options))


def limiter() -> MovingWindowRateLimiter:
    settings = get_settings()
    return _limiter(settings.limits_storage_uri, settings.redis_prefix)


def reset_all() -> None:
    """Forget every counter (tests)."""
    limiter().storage.reset()


def retry_after_seconds(rule: str, *keys: str) -> int:
    stats = limiter().get_window_stats(parse(rule), *keys)
    return max(1, math.ceil(stats.reset_time - time.time()))


def wait_phrase(seconds: int) -> str:
    """'1 second', '45 seconds', '2 minutes' (singular and plural as English has them)."""
    if seconds < 90:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def check_allowed(rule: str, *keys: str, field: str, what: str) -> None:
    """Raise ValidationFailed({field: ...}) if `keys` are over `rule`, without counting a hit."""
    if not limiter().test(parse(rule), *keys):
        wait = wait_phrase(retry_after_seconds(rule, *keys))
        raise ValidationFailed({field: f"Too many {what}. Try again in {wait}."})


def hit(rule: str, *keys: str) -> bool:
    return limiter().hit(parse(rule), *keys)


def give_back(rule: str, *keys: str) -> None:
    """Take back the newest hit of `keys` under `rule` (a moving window keeps one timestamp per hit, newest
    first, in both storages we use): for work that was counted but then not done (its transaction rolled back).
    `limits` has no public call for this."""
    key = parse(rule).key_for(*keys)
    storage = limiter().storage
    if isinstance(storage, RedisStorage):
        storage.get_connection().lpop(storage.prefixed_key(key))  # type: ignore[attr-defined]  # a redis.Redis
    elif isinstance(storage, MemoryStorage):
        with storage.locks[key]:
            if storage.events.get(key):
                del storage.events[key][0]


def take_unless_rolled_back(session, rule: str, *keys: str) -> bool:
    """`hit`, given back if the caller's transaction (or the savepoint it is in) rolls back: only what was
    stored counts. Atomic like `hit`, so parallel calls cannot all pass."""
    if not hit(rule, *keys):
        return False
    aftercommit.undo_on_rollback(session, lambda: give_back(rule, *keys))
    return True


def clear(rule: str, *keys: str) -> None:
    limiter().clear(parse(rule), *keys)


def take(rule: str, *keys: str, field: str, what: str) -> None:
    """Count one hit for `keys`, or raise ValidationFailed({field: ...}) if `rule` is already used up.

    The check and the count are one atomic step in the storage (a lock in memory, a Lua script in Redis),
    so parallel calls cannot all pass a check before any of them counts. Call it after validating and
    before writing; a hit is not given back if the write then fails (`limits` cannot take back one hit of
    a moving window, and erring towards counting a rare failed attempt is the safe side)."""
    if not hit(rule, *keys):
        wait = wait_phrase(retry_after_seconds(rule, *keys))
        raise ValidationFailed({field: f"Too many {what}. Try again in {wait}."})
