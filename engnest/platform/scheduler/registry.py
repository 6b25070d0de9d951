"""What the scheduler runs, registered by the features (the platform knows none of them).

* Timer kinds: a timer row (platform.scheduler.timers) names a kind and a subject id; when it is due, `fire`
  opens a session and calls the handler registered for that kind with the current time.
* Reconcilers: run when a process becomes the scheduler, to re-create timers whose rows were lost; each returns
  how many it (re)wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlmodel import Session

from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work

log = logging.getLogger("engnest.jobs.tasks")  # the name the job log lines always had

TimerHandler = Callable[[Session, int, dt.datetime], object]
Reconciler = Callable[..., int]  # (*, session, now) -> how many timers were re-created

HANDLERS: dict[str, TimerHandler] = {}
RECONCILERS: list[Reconciler] = []


def register_timer(kind: str, handler: TimerHandler) -> None:
    HANDLERS[kind] = handler


def register_reconciler(fn: Reconciler) -> None:
    if fn not in RECONCILERS:
        RECONCILERS.append(fn)


def reconcile(*, session: Session, now: dt.datetime) -> int:
    return sum(fn(session=session, now=now) for fn in RECONCILERS)


def fire(kind: str, subject_id: int) -> None:
    """What a timer (platform.scheduler.timers) runs when it is due."""
    handler = HANDLERS.get(kind)
    if handler is None:
        log.error("unknown timer kind %r for %s", kind, subject_id)
        return
    with unit_of_work() as session:  # the job is the outermost caller: it commits
        handler(session, int(subject_id), utcnow())
