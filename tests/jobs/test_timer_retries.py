"""A timer job that fails on a transient database error is retried with backoff until it succeeds, and gives up
visibly (issue 16 item 3): under write contention 23 of 10,000 reminder jobs failed with `database is locked`
once and were never run again, so those people got no reminder."""

from __future__ import annotations

import logging
import sqlite3

import pytest
import sqlalchemy as sa

from engnest.platform.scheduler import registry
from engnest.platform.settings import reset_settings_cache


def locked() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("INSERT INTO notification ...", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def retry_budget(monkeypatch):
    monkeypatch.setenv("SCHEDULER_RETRY_SECONDS", "1")
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


@pytest.fixture
def kind(monkeypatch):
    calls: list[int] = []
    outcomes: list[BaseException | None] = []

    def handler(session, subject_id, now):
        calls.append(subject_id)
        outcome = outcomes.pop(0) if outcomes else None
        if outcome is not None:
            raise outcome
        return "done"

    monkeypatch.setitem(registry.HANDLERS, "test-kind", handler)
    return calls, outcomes


def test_a_job_that_hits_a_locked_database_is_retried_until_it_succeeds(sqlite_session, retry_budget, kind):
    calls, outcomes = kind
    outcomes += [locked(), locked()]
    registry.fire("test-kind", 7)  # raised the first error before
    assert calls == [7, 7, 7]


def test_a_job_that_keeps_failing_gives_up_visibly_within_its_budget(sqlite_session, retry_budget, kind, caplog):
    calls, outcomes = kind
    outcomes += [locked()] * 1000
    with caplog.at_level(logging.ERROR, logger="engnest.jobs.tasks"), pytest.raises(sa.exc.OperationalError):
        registry.fire("test-kind", 7)
    assert 2 <= len(calls) < 100  # retried with backoff, and bounded
    assert any("gave up" in r.getMessage() and "test-kind" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


@pytest.mark.parametrize("bug", [ValueError("a bug"), sa.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: meeting"))])
def test_a_job_failing_on_a_bug_is_not_retried(sqlite_session, retry_budget, kind, bug):
    calls, outcomes = kind
    outcomes.append(bug)
    with pytest.raises(type(bug)):
        registry.fire("test-kind", 7)
    assert calls == [7]
