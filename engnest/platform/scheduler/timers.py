"""Timers as rows of APScheduler's job table, written in the caller's transaction.

A timer is (id, kind, subject_id, run_at); the kinds and their handlers belong to the features
(platform.scheduler.registry; the meetings feature plans its timers in meetings.services.timers).
Writing the rows here (not through a running scheduler) makes scheduling atomic with the change that
needs it: a meeting accepted, moved or cancelled commits together with its jobs, from any process (a web
worker, the job process, a script, a test). The rows use APScheduler's own serialisation (a `Job` state,
pickled; SQLAlchemyJobStore layout), so whichever process runs the scheduler executes them.

Job ids carry the run time (`meeting:7:start:1700000000`): moving a timer deletes the old id and inserts a
new one, so a scheduler that is just firing the old job (and deletes it afterwards) cannot delete the moved
one. After commit, listeners (the scheduler in this process; a Redis nudge to the one elsewhere) are told to
wake up and re-read the table.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import threading
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Session

from engnest.platform import aftercommit
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.scheduler.models import scheduler_jobs

log = logging.getLogger(__name__)
TASK = "engnest.jobs.tasks:fire"  # stored in every row: keep the path (engnest/jobs/tasks.py)
_KIND = "timers-changed"
_listeners: list[Callable[[], None]] = []
_lock = threading.Lock()


class Timer(Protocol):
    """One timer (meetings.domain.meeting_timers.Timer is one)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def subject_id(self) -> int: ...
    @property
    def run_at(self) -> dt.datetime: ...


_UTC_ONLY = SimpleNamespace(timezone=dt.timezone.utc)  # all a Job needs of a scheduler to be built


def versioned(timer: Timer) -> str:
    return f"{timer.id}:{int(ensure_aware_utc(timer.run_at).timestamp())}"


def job_row(timer: Timer, job_id: str) -> dict:
    """The row APScheduler's SQLAlchemyJobStore would write for this one-off job."""
    from apscheduler.job import Job
    from apscheduler.triggers.date import DateTrigger
    from apscheduler.util import datetime_to_utc_timestamp

    run_at = ensure_aware_utc(timer.run_at)
    job = Job(
        _UTC_ONLY, id=job_id, func=TASK, args=(timer.kind, timer.subject_id), kwargs={}, name=job_id,
        trigger=DateTrigger(run_date=run_at, timezone=dt.timezone.utc), executor="default",
        misfire_grace_time=None, coalesce=True, max_instances=1, next_run_time=run_at,
    )
    return {"id": job_id, "next_run_time": datetime_to_utc_timestamp(run_at), "job_state": pickle.dumps(job.__getstate__(), pickle.HIGHEST_PROTOCOL)}


def _split(ids: str) -> list[str]:
    return [i for i in (ids or "").split(",") if i]


def _write(session: Session, drop: Iterable[str], add: Iterable[Timer]) -> None:
    drop, add = list(drop), list(add)
    if drop:
        session.execute(sa.delete(scheduler_jobs).where(scheduler_jobs.c.id.in_(drop)))
    for timer in add:
        job_id = versioned(timer)
        session.execute(sa.delete(scheduler_jobs).where(scheduler_jobs.c.id == job_id))
        session.execute(sa.insert(scheduler_jobs).values(**job_row(timer, job_id)))
    if drop or add:
        aftercommit.defer(session, _KIND, True)


def set_timer(session: Session, timer: Timer) -> str:
    _write(session, [], [timer])
    return versioned(timer)


def drop_timer(session: Session, timer: Timer) -> None:
    _write(session, [versioned(timer)], [])


def _present(session: Session, ids: list[str]) -> set[str]:
    return set(session.execute(sa.select(scheduler_jobs.c.id).where(scheduler_jobs.c.id.in_(ids))).scalars())


def scheduled_ids(session: Session, prefix: str = "") -> list[str]:
    stmt = sa.select(scheduler_jobs.c.id).order_by(scheduler_jobs.c.next_run_time)
    if prefix:
        stmt = stmt.where(scheduler_jobs.c.id.startswith(prefix))
    return list(session.execute(stmt).scalars())


def next_run(session: Session, job_id: str) -> dt.datetime | None:
    ts = session.execute(sa.select(scheduler_jobs.c.next_run_time).where(scheduler_jobs.c.id == job_id)).scalar()
    return None if ts is None else dt.datetime.fromtimestamp(ts, dt.timezone.utc)


# --- Wake-up after commit --------------------------------------------------------------------------


def add_listener(fn: Callable[[], None]) -> None:
    with _lock:
        if fn not in _listeners:
            _listeners.append(fn)


def remove_listener(fn: Callable[[], None]) -> None:
    with _lock:
        if fn in _listeners:
            _listeners.remove(fn)


def _wake_listeners(_changes: list[bool]) -> None:
    with _lock:
        listeners = list(_listeners)
    for fn in listeners:
        try:
            fn()
        except Exception:  # a failed nudge only delays the job until the next poll
            log.exception("timer listener %r failed", fn)


aftercommit.handle(_KIND, _wake_listeners)
