"""The scheduler keeps firing after a database error in its own bookkeeping (issue 16 item 3): removing a fired
job's row while SQLite was locked raised out of APScheduler's main loop, which then never fired another job (a
bench run stopped after 72 of 1,000 reminders)."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

from engnest.platform.db import get_engine
from engnest.platform.scheduler.scheduler import AppScheduler


def locked() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("DELETE FROM apscheduler_jobs ...", {}, sqlite3.OperationalError("database is locked"))


def test_a_locked_database_while_processing_jobs_does_not_end_the_scheduler_loop(sqlite_url, use_db, monkeypatch):
    use_db(sqlite_url)
    scheduler = AppScheduler(engine=get_engine(), poll_seconds=2)

    def broken(self):
        raise locked()

    monkeypatch.setattr("apscheduler.schedulers.base.BaseScheduler._process_jobs", broken)
    assert scheduler._process_jobs() == 1.0  # raised before: the main loop thread died


def test_removing_a_fired_job_retries_a_locked_database(sqlite_url, use_db, monkeypatch):
    use_db(sqlite_url)
    scheduler = AppScheduler(engine=get_engine(), poll_seconds=2)
    calls: list[str] = []

    def flaky(self, job_id, jobstore=None):
        calls.append(job_id)
        if len(calls) < 3:
            raise locked()

    monkeypatch.setattr("apscheduler.schedulers.base.BaseScheduler.remove_job", flaky)
    scheduler.remove_job("meeting:1:reminder:1")
    assert calls == ["meeting:1:reminder:1"] * 3
