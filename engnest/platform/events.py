"""After-commit pushes: services record "tell these users about X", delivered only once the
transaction has committed (nothing is pushed that could still roll back), to whatever sinks the
running process registered (the web app's realtime layer, a Redis queue, or a test recorder).

No reflex here: services stay callable from jobs, scripts and tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engnest.platform import aftercommit

log = logging.getLogger(__name__)

_KIND = "pushes"


@dataclass(frozen=True)
class Push:
    user_ids: tuple[int, ...]
    topic: str
    payload: dict = field(default_factory=dict)


Sink = Callable[[Push], None]
_sinks: list[Sink] = []
_lock = threading.Lock()


def push_after_commit(session: Session, user_ids: Iterable[int], topic: str, payload: dict | None = None) -> None:
    """Queue a push on `session`; it is delivered after the outermost commit (never after a rollback)."""
    ids = tuple(sorted({int(u) for u in user_ids if u is not None}))
    if ids:
        aftercommit.defer(session, _KIND, Push(ids, topic, dict(payload or {})))


_CALLS = "calls"


def call_after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Run `fn` once the caller's unit of work has committed (dropped if it rolls back): for effects outside the
    database that must not happen for a change that is undone (removing a deleted account's photo file)."""
    aftercommit.defer(session, _CALLS, fn)


def add_sink(sink: Sink) -> None:
    with _lock:
        if sink not in _sinks:
            _sinks.append(sink)


def remove_sink(sink: Sink) -> None:
    with _lock:
        if sink in _sinks:
            _sinks.remove(sink)


def dispatch(push: Push) -> None:
    with _lock:
        sinks = list(_sinks)
    for sink in sinks:
        try:
            sink(push)
        except Exception:  # a broken sink must not break the request that committed
            log.exception("push sink %r failed for %s", sink, push.topic)


def _dispatch_all(pushes: list[Push]) -> None:
    for push in pushes:
        dispatch(push)


def _call_all(calls: list[Callable[[], None]]) -> None:
    for fn in calls:
        try:
            fn()
        except Exception:  # the change is committed; a failed clean-up must not turn it into an error
            log.exception("after-commit call %r failed", fn)


aftercommit.handle(_KIND, _dispatch_all)
aftercommit.handle(_CALLS, _call_all)


class Recorder:
    """A sink that keeps what it receives (tests, benchmarks)."""

    def __init__(self) -> None:
        self.pushes: list[Push] = []

    def __call__(self, push: Push) -> None:
        self.pushes.append(push)

    def topics_for(self, user_id: int) -> list[str]:
        return [p.topic for p in self.pushes if user_id in p.user_ids]
