"""A meeting's timers (reminder, start, end, close) and a review's strike timer, as rows of the scheduler's job
table (platform.scheduler.timers), written in the caller's transaction. Moving or cancelling a meeting moves or
removes its rows; `do_reconcile` re-creates lost ones when a process becomes the scheduler."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from engnest.meetings.domain import meeting_timers
from engnest.meetings.models import Meeting, MeetingReview
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.scheduler.timers import (  # noqa: F401  (re-exported: the meeting services and tests use them here)
    _present,
    _split,
    _write,
    drop_timer,
    next_run,
    scheduled_ids,
    set_timer,
    versioned,
)


def set_meeting_timers(session: Session, meeting: Meeting, now: dt.datetime) -> list[str]:
    """Make the job table match what the meeting needs now (schedule, move or remove); ids on the meeting."""
    assert meeting.id is not None  # timers are set on stored meetings
    plan = meeting_timers.plan(meeting.id, meeting.status, ensure_aware_utc(meeting.start_at), ensure_aware_utc(meeting.end_at), now)
    old = _split(meeting.job_ids)
    wanted = [versioned(t) for t in plan]
    if wanted == old:
        return wanted
    # Timers kept from before are left alone (one that already fired stays fired; do_reconcile re-creates
    # lost ones); new and moved ones are written, dropped ones deleted.
    _write(session, [i for i in old if i not in wanted], [t for t in plan if versioned(t) not in old])
    meeting.job_ids = ",".join(wanted)
    session.add(meeting)
    return wanted


def do_reconcile(*, session: Session, now: dt.datetime) -> int:
    """Re-create missing timers of active meetings and open no-show reports (a scheduler starting on a
    database whose rows were lost, or meetings accepted before timers existed). Every job is idempotent,
    so re-creating one that already did its work changes nothing. Returns how many were (re)written."""
    fixed = 0
    meetings = session.exec(select(Meeting).where(col(Meeting.status).in_(("accepted", "in_progress", "awaiting_review")))).all()
    for m in meetings:
        ids = _split(m.job_ids)
        if not ids or _present(session, ids) != set(ids):
            m.job_ids = ""
            set_meeting_timers(session, m, now)
            fixed += 1
    open_reports = session.exec(
        select(MeetingReview).where(
            col(MeetingReview.other_attended).is_(False), col(MeetingReview.disputed_at).is_(None), col(MeetingReview.strike_at).is_(None)
        )
    ).all()
    for r in open_reports:
        assert r.id is not None  # a stored report
        timer = meeting_timers.strike_timer(r.id, ensure_aware_utc(r.created_at))
        if not _present(session, [versioned(timer)]):
            set_timer(session, timer)
            fixed += 1
    return fixed  # the scheduler's reconcile commits
