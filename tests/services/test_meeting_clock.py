"""The clock's work on accepted meetings (injected `now`): jobs scheduled, moved and removed with the
meeting; reminders once, in each recipient's timezone, skipped once started; start, end, close."""

import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW
from meeting_support import accepted_meeting, local_slot, pair, request

from engnest.meetings.models import Meeting
from engnest.meetings.services import meeting_actions, meeting_changes, meeting_clock
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.scheduler import timers

START = NOW + dt.timedelta(days=5)


def reload(session, meeting) -> Meeting:
    session.expire_all()
    return session.get(Meeting, meeting.id)


def kinds(session, kind):
    return session.exec(sa.select(Notification).where(Notification.kind == kind).order_by(Notification.user_id)).scalars().all()


def test_accepting_schedules_reminder_start_and_end_jobs_and_stores_their_ids(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    ids = reload(session, m).job_ids.split(",")
    assert [i.rsplit(":", 1)[0] for i in ids] == [f"meeting:{m.id}:reminder", f"meeting:{m.id}:start", f"meeting:{m.id}:end"]
    assert sorted(timers.scheduled_ids(session, f"meeting:{m.id}:")) == sorted(ids)
    assert timers.next_run(session, ids[0]) == START - dt.timedelta(hours=24)
    assert timers.next_run(session, ids[1]) == START
    assert timers.next_run(session, ids[2]) == START + dt.timedelta(minutes=30)


def test_cancelling_removes_the_jobs(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    meeting_actions.cancel(session=session, meeting_id=m.id, user_id=a.id, reason="Ill", now=NOW)
    assert timers.scheduled_ids(session) == []
    assert reload(session, m).job_ids == ""


def test_a_pending_request_has_no_jobs(session):
    a, b = pair(session)
    request(session, a, b)
    assert timers.scheduled_ids(session) == []


def test_rescheduling_moves_the_jobs_only_once_the_other_accepts(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    before = timers.scheduled_ids(session)
    date, time = local_slot(days=7, hour=15, tz=b.timezone)
    meeting_changes.propose_change(session=session, meeting_id=m.id, user_id=b.id, start_date=date, start_time=time, duration=60, now=NOW)
    assert timers.scheduled_ids(session) == before  # the agreed time still holds
    assert [n.user_id for n in kinds(session, "meeting_change_proposed")] == [a.id]
    meeting_changes.accept_change(session=session, meeting_id=m.id, user_id=a.id, now=NOW)
    moved = reload(session, m)
    new_start = moved.start_at.replace(tzinfo=dt.timezone.utc)
    assert (moved.status, moved.change_by_id, moved.duration_minutes) == ("accepted", None, 60)
    after = timers.scheduled_ids(session)
    assert set(after).isdisjoint(before) and len(after) == 3
    assert [timers.next_run(session, i) for i in after] == [new_start - dt.timedelta(hours=24), new_start, new_start + dt.timedelta(hours=60 / 60)]


def test_a_declined_or_withdrawn_change_keeps_the_agreed_time(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    date, time = local_slot(days=8, hour=9, tz=a.timezone)
    for answer, who in ((meeting_changes.decline_change, b), (meeting_changes.withdraw_change, a)):
        meeting_changes.propose_change(session=session, meeting_id=m.id, user_id=a.id, start_date=date, start_time=time, duration=30, now=NOW)
        answer(session=session, meeting_id=m.id, user_id=who.id, now=NOW)
        kept = reload(session, m)
        assert (kept.start_at.replace(tzinfo=dt.timezone.utc), kept.change_by_id, kept.change_start_at) == (START, None, None)


def test_a_change_cannot_be_proposed_once_the_meeting_started_nor_to_a_past_time(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    date, time = local_slot(days=8, hour=9, tz=a.timezone)
    with pytest.raises(ValidationFailed) as exc:
        meeting_changes.propose_change(session=session, meeting_id=m.id, user_id=a.id, start_date=date, start_time=time, duration=30, now=START + dt.timedelta(minutes=1))
    assert "already started" in exc.value.errors["form"]
    with pytest.raises(ValidationFailed) as exc:
        meeting_changes.propose_change(session=session, meeting_id=m.id, user_id=a.id, start_date="2020-01-01", start_time="10:00", duration=30, now=NOW)
    assert "start" in exc.value.errors
    assert reload(session, m).change_by_id is None


def test_the_reminder_reaches_both_once_in_their_own_timezones(session):
    a, b = pair(session, a_tz="Asia/Tokyo", b_tz="America/New_York")
    m = accepted_meeting(session, a, b, start=START)
    due = START - dt.timedelta(hours=24)
    assert meeting_clock.do_remind(session=session, meeting_id=m.id, now=due) == 2
    assert meeting_clock.do_remind(session=session, meeting_id=m.id, now=due + dt.timedelta(minutes=5)) == 0  # a duplicate job
    sent = {n.user_id: n.body for n in kinds(session, "meeting_reminder")}
    assert "Thu 26 Nov 2026, 21:00 JST" in sent[a.id]  # START is 12:00 UTC
    assert "Thu 26 Nov 2026, 07:00 EST" in sent[b.id]


def test_a_reminder_that_fires_after_the_start_is_skipped_not_sent_late(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    assert meeting_clock.do_remind(session=session, meeting_id=m.id, now=START + dt.timedelta(seconds=1)) == 0
    assert kinds(session, "meeting_reminder") == []


def test_a_meeting_accepted_less_than_24_hours_ahead_gets_its_reminder_at_once(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=NOW + dt.timedelta(hours=3))
    reminder = [i for i in reload(session, m).job_ids.split(",") if ":reminder:" in i][0]
    booked = NOW + dt.timedelta(hours=3) - dt.timedelta(days=2)
    assert timers.next_run(session, reminder) == max(booked, NOW + dt.timedelta(hours=3) - dt.timedelta(hours=24))


def test_start_and_end_notify_both_and_open_reviews_and_a_missed_start_still_ends(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    meeting_clock.do_start(session=session, meeting_id=m.id, now=START)
    meeting_clock.do_start(session=session, meeting_id=m.id, now=START)
    assert reload(session, m).status == "in_progress"
    assert [n.user_id for n in kinds(session, "meeting_started")] == sorted([a.id, b.id])
    end = START + dt.timedelta(minutes=30)
    assert meeting_clock.do_end(session=session, meeting_id=m.id, now=end - dt.timedelta(seconds=1)) is None  # not yet
    meeting_clock.do_end(session=session, meeting_id=m.id, now=end)
    assert reload(session, m).status == "awaiting_review"
    requests = kinds(session, "review_request")
    assert [n.user_id for n in requests] == sorted([a.id, b.id]) and requests[0].link == f"/meetings/{m.id}"
    assert [i.rsplit(":", 2)[1] for i in timers.scheduled_ids(session, f"meeting:{m.id}:")] == ["close"]


def test_end_without_start_goes_straight_to_awaiting_review(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    meeting_clock.do_end(session=session, meeting_id=m.id, now=START + dt.timedelta(hours=2))
    meeting_clock.do_start(session=session, meeting_id=m.id, now=START + dt.timedelta(hours=2))  # the late start job
    assert reload(session, m).status == "awaiting_review"
    assert kinds(session, "meeting_started") == []


def test_a_cancelled_meetings_late_jobs_do_nothing(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=START)
    meeting_actions.cancel(session=session, meeting_id=m.id, user_id=b.id, reason="Ill", now=NOW)
    assert meeting_clock.do_remind(session=session, meeting_id=m.id, now=START - dt.timedelta(hours=24)) == 0
    assert meeting_clock.do_start(session=session, meeting_id=m.id, now=START) is None
    assert meeting_clock.do_end(session=session, meeting_id=m.id, now=START + dt.timedelta(hours=1)) is None
    assert reload(session, m).status == "cancelled"
