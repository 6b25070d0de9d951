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

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_KEY = "engnest_pending_pushes"


@dataclass(frozen=True)
class Push:
    user_ids: tuple[int, ...]
    topic: str
    payload: dict = field(default_factory=dict)


Sink = Callable[[Push], None]
_sinks: list[Sink] = []
_lock = threading.Lock()


def push_after_commit(session: Session, user_ids: Iterable[int], topic: str, payload: dict | None = None) -> None:
    """Queue a push on `session`; it is delivered after the next successful commit."""
    ids = tuple(sorted({int(u) for u in user_ids if u is not None}))
    if ids:
        session.info.setdefault(_KEY, []).append(Push(ids, topic, dict(payload or {})))


_CALLBACKS = "engnest_after_commit_calls"


def call_after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Run `fn` once the caller's unit of work has committed (dropped if it rolls back): for effects outside the
    database that must not happen for a change that is undone (removing a deleted account's photo file)."""
    session.info.setdefault(_CALLBACKS, []).append(fn)


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


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released: the caller has not committed yet
        return
    for push in session.info.pop(_KEY, []):
        dispatch(push)
    for fn in session.info.pop(_CALLBACKS, []):
        try:
            fn()
        except Exception:  # the change is committed; a failed clean-up must not turn it into an error
            log.exception("after-commit call %r failed", fn)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # outermost rollback: drop what was queued
        session.info.pop(_KEY, None)
        session.info.pop(_CALLBACKS, None)


class Recorder:
    """A sink that keeps what it receives (tests, benchmarks)."""

    def __init__(self) -> None:
        self.pushes: list[Push] = []

    def __call__(self, push: Push) -> None:
        self.pushes.append(push)

    def topics_for(self, user_id: int) -> list[str]:
        return [p.topic for p in self.pushes if user_id in p.user_ids]
