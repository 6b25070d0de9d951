"""The real APScheduler over the app's database (SQLite and PostgreSQL): jobs fire on time and once,
survive a restart, skip a reminder that is too late, see jobs written by other processes (poll / Redis
nudge), and with Redis exactly one of several schedulers runs (leader lock with takeover)."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
import sqlalchemy as sa
from factories import make_user
from meeting_support import accepted_meeting, pair

from engnest.meetings.models import Meeting
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow
from engnest.platform.scheduler import timers
from engnest.platform.scheduler.runtime import SchedulerRuntime
from engnest.platform.settings import reset_settings_cache

DAY = dt.timedelta(hours=24)


def wait_for(condition, timeout: float = 15.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def notes(session, kind: str) -> list[int]:
    session.rollback()
    return sorted(session.exec(sa.select(Notification.user_id).where(Notification.kind == kind)).scalars().all())


def status(session, m) -> str:
    session.rollback()
    session.expire_all()
    return session.get(Meeting, m.id).status


@pytest.fixture
def runtimes():
    started: list[SchedulerRuntime] = []

    def _start(**kwargs) -> SchedulerRuntime:
        rt = SchedulerRuntime(poll_seconds=kwargs.pop("poll_seconds", 0.25), **kwargs).start()
        started.append(rt)
        return rt

    yield _start
    for rt in started:
        rt.stop(wait=True)


def test_reminder_start_and_end_fire_once_on_time(session, runtimes):
    a, b = pair(session)
    now = utcnow()
    m = accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=1), end=now + DAY + dt.timedelta(seconds=2))
    # Move the whole meeting close: start in 2 s, end in 5 s, reminder due now (accepted < 24 h before).
    # (Start and end are seconds apart, so a busy machine cannot fire them in one batch, where the end may
    # overtake the start and the "started" notice is rightly skipped.)
    runtimes()
    m2 = accepted_meeting(session, make_user(session, complete=True, city="Tokyo, Japan"), make_user(session, complete=True, city="Yokohama, Japan"),
                          start=now + dt.timedelta(seconds=2), end=now + dt.timedelta(seconds=5))
    wait_for(lambda: status(session, m2) == "awaiting_review")
    wait_for(lambda: len(notes(session, "meeting_reminder")) == 4)  # both meetings' reminders, both people
    assert len(notes(session, "meeting_started")) == 2 and len(notes(session, "review_request")) == 2
    time.sleep(0.6)  # a few more polls: nothing fires twice
    assert len(notes(session, "meeting_reminder")) == 4 and len(notes(session, "meeting_started")) == 2
    assert status(session, m) == "accepted"


def test_a_cancelled_meetings_jobs_never_fire(session, runtimes):
    from engnest.meetings.services import meeting_actions

    a, b = pair(session)
    now = utcnow()
    m = accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=1), end=now + DAY + dt.timedelta(minutes=30))
    meeting_actions.check_cancel(session=session, meeting_id=m.id, user_id=a.id, reason="Ill", now=now)
    runtimes()
    time.sleep(1.5)
    assert notes(session, "meeting_reminder") == [] and timers.scheduled_ids(session) == []


def test_restart_survival_the_reminder_fires_once_on_the_new_scheduler(session, runtimes):
    a, b = pair(session)
    now = utcnow()
    m = accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=1.5), end=now + DAY + dt.timedelta(hours=1))
    first = runtimes()
    first.stop(wait=True)  # the app goes down before the reminder is due
    time.sleep(1.6)
    assert notes(session, "meeting_reminder") == []
    runtimes()  # back up on the same database
    wait_for(lambda: len(notes(session, "meeting_reminder")) == 2)
    time.sleep(0.6)
    assert notes(session, "meeting_reminder") == sorted([a.id, b.id])
    assert [i.split(":")[2] for i in timers.scheduled_ids(session, f"meeting:{m.id}:")] == ["start", "end"]


def test_a_reminder_missed_while_down_is_skipped_once_the_meeting_started_but_start_and_end_still_happen(session, runtimes):
    a, b = pair(session)
    now = utcnow()
    m = accepted_meeting(session, a, b, start=now + dt.timedelta(seconds=0.5), end=now + dt.timedelta(seconds=1))
    time.sleep(1.2)  # down through the reminder, the start and the end
    runtimes()
    wait_for(lambda: status(session, m) == "awaiting_review")
    wait_for(lambda: len(notes(session, "review_request")) == 2)
    assert notes(session, "meeting_reminder") == []


def test_jobs_written_by_another_process_are_seen_by_polling(session, runtimes):
    rt = runtimes(poll_seconds=0.5)
    timers.remove_listener(rt.nudge)  # as if the meeting were accepted in another process: no local wake-up
    a, b = pair(session)
    now = utcnow()
    accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=1), end=now + DAY + dt.timedelta(hours=1))
    wait_for(lambda: len(notes(session, "meeting_reminder")) == 2, timeout=5)


@pytest.fixture
def redis_prefix(redis_url, monkeypatch):
    monkeypatch.setenv("REDIS_PREFIX", f"test-sched-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    yield redis_url
    reset_settings_cache()


def test_with_redis_exactly_one_scheduler_runs_and_another_takes_over_when_it_dies(session, runtimes, redis_prefix):
    one = runtimes(redis_url=redis_prefix, lock_ttl=1.0)
    two = runtimes(redis_url=redis_prefix, lock_ttl=1.0)
    wait_for(lambda: one.running or two.running)
    time.sleep(0.5)
    assert [one.running, two.running].count(True) == 1
    leader, follower = (one, two) if one.running else (two, one)
    # The leader dies without releasing the lock: its renewals stop and it no longer runs jobs.
    leader.leader._stop.set()
    leader.scheduler.pause()
    a, b = pair(session)
    now = utcnow()
    accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=0.5), end=now + DAY + dt.timedelta(hours=1))
    wait_for(lambda: follower.running, timeout=5)  # the lock expired; the follower took over
    wait_for(lambda: len(notes(session, "meeting_reminder")) == 2)
    time.sleep(0.6)
    assert len(notes(session, "meeting_reminder")) == 2


def test_a_redis_nudge_wakes_the_scheduler_in_another_process_at_once(session, runtimes, redis_prefix):
    leader = runtimes(redis_url=redis_prefix, lock_ttl=2.0, poll_seconds=60)
    wait_for(lambda: leader.running)
    follower = runtimes(redis_url=redis_prefix, lock_ttl=2.0, poll_seconds=60)
    timers.remove_listener(leader.nudge)  # only the follower (a web worker elsewhere) hears this commit
    time.sleep(0.3)
    a, b = pair(session)
    now = utcnow()
    accepted_meeting(session, a, b, start=now + DAY + dt.timedelta(seconds=0.3), end=now + DAY + dt.timedelta(hours=1))
    wait_for(lambda: len(notes(session, "meeting_reminder")) == 2, timeout=5)  # far sooner than the 60 s poll
    assert not follower.running


def test_the_scheduler_retries_queued_email_whose_first_attempt_failed(session, runtimes, monkeypatch):
    from smtp_sink import SmtpSink
    from support import free_port

    from engnest.platform.mail import mail
    from engnest.platform.mail.models import OutboundEmail

    port = free_port()  # the mail server is down when the meeting is accepted
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("MAIL_SWEEP_SECONDS", "0.3")
    reset_settings_cache()
    a, b = pair(session)
    accepted_meeting(session, a, b, start=utcnow() + 3 * DAY)
    mail.wait_idle()
    row = session.exec(sa.select(OutboundEmail)).scalars().one()
    assert (row.status, row.attempts) == ("pending", 1)
    row.next_attempt_at = utcnow()  # its back-off (a minute) has passed
    session.add(row)
    session.commit()
    sink = SmtpSink(port).start()
    try:
        rt = runtimes()
        assert rt.scheduler.get_job("mail-sweep") is not None
        wait_for(lambda: sink.to(a.email))
        session.expire_all()
        assert session.get(OutboundEmail, row.id).status == "sent"
        time.sleep(1.0)  # further sweeps send nothing again
        assert len(sink.to(a.email)) == 1
    finally:
        sink.stop()
        reset_settings_cache()


def test_the_dedicated_scheduler_process_fires_jobs_and_stops_cleanly(session, db_url, tmp_path):
    """`python -m engnest.jobs` (SCHEDULER_MODE=external): a separate process fires the reminder written
    by this one, and exits 0 on SIGTERM."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    a, b = pair(session)
    accepted_meeting(session, a, b, start=utcnow() + dt.timedelta(hours=2))  # reminder due at once
    env = {**os.environ, "DATABASE_URL": db_url, "SCHEDULER_MODE": "external", "SCHEDULER_POLL_SECONDS": "0.5",
           "MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}
    env.pop("REDIS_URL", None)
    log = (tmp_path / "jobs.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "engnest.jobs"], cwd=Path(__file__).resolve().parents[2], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: notes(session, "meeting_reminder") == sorted([a.id, b.id]), timeout=40)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
        log.seek(0)
        output = log.read()
    assert code == 0, output
    assert "scheduler process started" in output
