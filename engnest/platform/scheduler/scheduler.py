"""The APScheduler instance: a background scheduler over the app's job table.

Two adjustments to APScheduler 3's defaults:
* It only re-reads a job store at its computed next wake-up, so rows written by *another* process would wait
  until then: the wait is capped at SCHEDULER_POLL_SECONDS (a cheap indexed query), and a Redis nudge wakes
  it at once (engnest.platform.scheduler.runtime).
* Firing a one-off job deletes its row afterwards; if a service already deleted it (the meeting was
  cancelled at that moment), that is not an error.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import BaseJobStore, JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from engnest.platform.scheduler.models import JOBS_TABLE

log = logging.getLogger(__name__)
REMOVE_ATTEMPTS = 6


class AppJobStore(SQLAlchemyJobStore):
    """The job table belongs to the migrations (no create at start) and the engine to the app (no dispose)."""

    def start(self, scheduler, alias):
        BaseJobStore.start(self, scheduler, alias)

    def shutdown(self):
        pass


class AppScheduler(BackgroundScheduler):
    def __init__(self, *, engine, poll_seconds: float, threads: int = 8) -> None:
        self.poll_seconds = float(poll_seconds)
        super().__init__(
            timezone=dt.timezone.utc,
            # "memory": recurring housekeeping, added by every process that runs a scheduler (not persisted)
            jobstores={"default": AppJobStore(engine=engine, tablename=JOBS_TABLE), "memory": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(threads)},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )

    def _process_jobs(self):
        # APScheduler 3 lets an error here (removing a fired job's row while the database is locked) end its main
        # loop: the scheduler then silently never fires another job. Log it and look again shortly instead.
        try:
            wait = super()._process_jobs()
        except Exception:
            log.exception("scheduler: processing due jobs failed; trying again shortly")
            return min(1.0, self.poll_seconds)
        return self.poll_seconds if wait is None else min(wait, self.poll_seconds)

    def remove_job(self, job_id, jobstore=None):
        for attempt in range(REMOVE_ATTEMPTS):
            try:
                super().remove_job(job_id, jobstore)
                return
            except JobLookupError:
                log.debug("job %s was already removed", job_id)
                return
            except sa.exc.OperationalError:  # locked or busy database, lost connection: try again, then give up
                if attempt == REMOVE_ATTEMPTS - 1:
                    raise
                log.warning("removing fired job %s failed (attempt %d); retrying", job_id, attempt + 1)
                threading.Event().wait(min(0.1 * 2**attempt, 2.0))
