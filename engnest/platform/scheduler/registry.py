"""What the scheduler runs, registered by the features (the platform knows none of them).

* Timer kinds: a timer row (platform.scheduler.timers) names a kind and a subject id; when it is due, `fire`
  opens a session and calls the handler registered for that kind with the current time.
* Reconcilers: run when a process becomes the scheduler, to re-create timers whose rows were lost; each returns
  how many it (re)wrote.
* Periodic jobs: run every so many seconds by the process that is the scheduler (e.g. the GitHub sync).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlmodel import Session

from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work
from engnest.platform.settings import get_settings

log = logging.getLogger("engnest.jobs.tasks")  # the name the job log lines always had

TimerHandler = Callable[[Session, int, dt.datetime], object]
Reconciler = Callable[..., int]  # (*, session, now) -> how many timers were re-created

HANDLERS: dict[str, TimerHandler] = {}
RECONCILERS: list[Reconciler] = []
PERIODIC: dict[str, tuple[Callable[[], object], float]] = {}  # job id -> (function, every so many seconds)


def register_timer(kind: str, handler: TimerHandler) -> None:
    HANDLERS[kind] = handler


def register_reconciler(fn: Reconciler) -> None:
    if fn not in RECONCILERS:
        RECONCILERS.append(fn)


def register_periodic(job_id: str, fn: Callable[[], object], *, seconds: float) -> None:
    PERIODIC[job_id] = (fn, seconds)


def reconcile(*, session: Session, now: dt.datetime) -> int:
    return sum(fn(session=session, now=now) for fn in RECONCILERS)


def transient(exc: BaseException) -> bool:
    """An error worth another try: the database was locked or busy (SQLite), a serialization failure or deadlock,
    or the connection dropped (PostgreSQL restarting). Anything else is a bug and is not retried."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, sa.exc.OperationalError):
        return False
    if isinstance(exc.orig, sqlite3.OperationalError):  # also "no such table" and the like: those are bugs
        return any(word in str(exc.orig) for word in ("locked", "busy"))
    return True  # PostgreSQL: connection lost, server shutting down, serialization failure, deadlock


def fire(kind: str, subject_id: int) -> None:
    """What a timer (platform.scheduler.timers) runs when it is due. A transient database error rolls the attempt
    back and tries again (50 ms, 100 ms, ... at most 2 s apart, each with the time of that attempt, so a handler
    whose moment has passed skips) for up to SCHEDULER_RETRY_SECONDS; then it gives up with an error in the log
    and the job's error event."""
    handler = HANDLERS.get(kind)
    if handler is None:
        log.error("unknown timer kind %r for %s", kind, subject_id)
        return
    budget = get_settings().scheduler_retry_seconds
    started, attempt = time.monotonic(), 0
    while True:
        attempt += 1
        try:
            with unit_of_work() as session:  # the job is the outermost caller: it commits
                handler(session, int(subject_id), utcnow())
            return
        except Exception as exc:
            if not transient(exc):
                raise
            delay = min(0.05 * 2 ** (attempt - 1), 2.0)
            if time.monotonic() - started + delay > budget:
                log.error("timer %s:%s gave up after %d attempts in %.1f s: %s", kind, subject_id, attempt, time.monotonic() - started, exc)
                raise
            log.warning("timer %s:%s attempt %d failed (%s); retrying in %.2f s", kind, subject_id, attempt, type(exc).__name__, delay)
            threading.Event().wait(delay)
