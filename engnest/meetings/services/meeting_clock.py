"""What the clock does to accepted meetings: the 24 h reminder, the start, the end (reviews open) and the
close after 7 days without both reviews. Called by the scheduler's jobs (engnest.jobs.tasks) and, as a lazy
catch-up, on page load; every function is idempotent, so a job that fires twice, late, or after the
catch-up already did the work changes nothing."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.meetings.domain.meeting_lifecycle import REVIEW_DAYS, Decision
from engnest.meetings.models import Meeting, MeetingReview
from engnest.meetings.services import reliability_scores
from engnest.meetings.services.meeting_common import notify, record
from engnest.meetings.services.meeting_transition import Change, get_meeting_for, transition
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc


def _both(m: Meeting) -> tuple[int, int]:
    return m.requester_id, m.recipient_id


def do_remind(*, session: Session, meeting_id: int, now: dt.datetime) -> int:
    """Remind both people, once per agreed start time. Skipped (never sent late) once the meeting started
    or if it is no longer accepted. Returns how many reminders were created."""
    try:
        m = get_meeting_for(session=session, meeting_id=meeting_id, user_id=None)
    except ValidationFailed:
        return 0
    start = ensure_aware_utc(m.start_at)
    if m.status != "accepted" or now >= start:
        return 0
    # On time it is 24 h ahead; accepted later than that (or caught up after downtime), it says "coming up".
    title = "Tomorrow: meeting with {who}" if start - now > dt.timedelta(hours=12) else "Coming up: meeting with {who}"
    sent = 0
    for uid in _both(m):
        row = notify(
            session, m, to_user=uid, actor_id=m.other_id(uid), kind="meeting_reminder",
            title=title, body="Reminder: you meet {who} {where} on {when}.",
            dedupe=f"reminder:{int(start.timestamp())}:{uid}", now=now,
        )
        sent += row is not None
    return sent  # the job that fired it commits


def _system(session: Session, meeting_id: int, action: str, now: dt.datetime, change: Change) -> Meeting | None:
    try:
        return transition(session, meeting_id, None, action, now, change)
    except ValidationFailed:
        return None  # not due, or changed meanwhile (cancelled): nothing to do


def do_start(*, session: Session, meeting_id: int, now: dt.datetime) -> Meeting | None:
    def change(m: Meeting, d: Decision, before: str) -> None:
        record(session, m, None, "started", now)
        for uid in _both(m):
            notify(
                session, m, to_user=uid, actor_id=m.other_id(uid), kind="meeting_started",
                title="Your meeting with {who} has started", body="Your meeting {where} started ({when}).",
                dedupe=f"started:{uid}", now=now,
            )

    return _system(session, meeting_id, "start", now, change)


def do_end(*, session: Session, meeting_id: int, now: dt.datetime) -> Meeting | None:
    """The meeting is over: it awaits both reviews, and both are asked for one."""

    def change(m: Meeting, d: Decision, before: str) -> None:
        record(session, m, None, "ended", now)
        for uid in _both(m):
            notify(
                session, m, to_user=uid, actor_id=m.other_id(uid), kind="review_request",
                title="How was your meeting with {who}?", body="Rate {who} and tell us whether they came (meeting on {when}).",
                dedupe=f"review:{uid}", now=now,
            )
        session.flush()
        for uid in _both(m):
            reliability_scores.refresh(session, uid)

    return _system(session, meeting_id, "end", now, change)


def _review_count(session: Session, meeting_id: int) -> int:
    return session.exec(select(sa.func.count()).select_from(MeetingReview).where(MeetingReview.meeting_id == meeting_id)).one()


def do_complete(*, session: Session, meeting_id: int, now: dt.datetime) -> Meeting | None:
    """awaiting_review -> completed once both reviews are in (the review service calls it at once)."""
    if _review_count(session, meeting_id) < 2:
        return None

    def change(m: Meeting, d: Decision, before: str) -> None:
        m.closed_at = now
        record(session, m, None, "completed", now)

    return _system(session, meeting_id, "complete", now, change)


def do_close(*, session: Session, meeting_id: int, now: dt.datetime) -> Meeting | None:
    """7 days after the end without both reviews: close (or complete, if both did arrive)."""
    if _review_count(session, meeting_id) >= 2:
        return do_complete(session=session, meeting_id=meeting_id, now=now)

    def change(m: Meeting, d: Decision, before: str) -> None:
        m.closed_at = now
        record(session, m, None, "closed", now)

    return _system(session, meeting_id, "close", now, change)


def do_catch_up(*, session: Session, now: dt.datetime, user_id: int | None = None, limit: int = 200) -> int:
    """Do the clock's overdue work (start, end, close) for all meetings or one user's; returns how many
    meetings changed. The scheduler does this on time; this keeps pages right if it is late or off."""
    mine = sa.true() if user_id is None else sa.or_(col(Meeting.requester_id) == user_id, col(Meeting.recipient_id) == user_id)
    due = sa.or_(
        sa.and_(col(Meeting.status) == "accepted", col(Meeting.start_at) <= now),
        sa.and_(col(Meeting.status) == "in_progress", col(Meeting.end_at) <= now),
        sa.and_(col(Meeting.status) == "awaiting_review", col(Meeting.end_at) <= now - dt.timedelta(days=REVIEW_DAYS)),
    )
    rows = list(session.exec(
        select(col(Meeting.id), col(Meeting.status), col(Meeting.end_at)).where(mine, due).order_by(col(Meeting.start_at)).limit(limit)
    ))
    changed = 0
    for mid, status, end_at in rows:
        assert mid is not None  # a stored meeting's key
        if status == "awaiting_review":
            changed += do_close(session=session, meeting_id=mid, now=now) is not None
        elif ensure_aware_utc(end_at) <= now:
            changed += do_end(session=session, meeting_id=mid, now=now) is not None
        else:
            changed += do_start(session=session, meeting_id=mid, now=now) is not None
    return changed

