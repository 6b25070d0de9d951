"""Reviews after a meeting: each person rates the other (1–5, optional comment) and says whether they came.
The last review completes the meeting at once. A "did not come" report becomes a strike 72 h later unless
the reported person disputes it; strikes feed reliability and, 3 in 90 days, a 30-day request suspension."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.calls.domain.call_rules import duration_phrase
from engnest.calls.services import rooms
from engnest.meetings.domain import meeting_timers, review_input
from engnest.meetings.domain.meeting_lifecycle import review_deadline
from engnest.meetings.domain.reliability import STRIKE_LIMIT, STRIKE_WINDOW
from engnest.meetings.models import Meeting, MeetingReview
from engnest.meetings.services import meeting_clock, reliability_scores
from engnest.meetings.services.meeting_common import notify, push
from engnest.meetings.services.meeting_transition import get_meeting_for
from engnest.platform.domain.errors import Conflict, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc, format_local
from engnest.platform.scheduler.timers import drop_timer, set_timer

WHEN = "%a %d %b %Y, %H:%M"


def _review_by(session: Session, meeting_id: int, reviewer_id: int) -> MeetingReview | None:
    return session.exec(select(MeetingReview).where(MeetingReview.meeting_id == meeting_id, MeetingReview.reviewer_id == reviewer_id)).first()


@dataclass(frozen=True)
class ReviewRequest:
    """A checked review of `meeting_id` by `reviewer_id` (`existing_id`: the same review was sent before)."""

    meeting_id: int
    reviewer_id: int
    reviewee_id: int
    rating: int
    comment: str
    attended: bool
    existing_id: int | None = None


ALREADY_REVIEWED = "You have already reviewed this meeting."


def check_submit_review(*, session: Session, meeting_id: object, user_id: int, rating: object, comment: object, attended: object, now: dt.datetime) -> ReviewRequest:
    """The caller may review the meeting (it ended, they have not reviewed it) and the review is well formed.
    Sending the same review twice is not an error: the request then points at the first one."""
    stars, text, came = review_input.check_review(rating, comment, attended)
    m = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    assert m.id is not None
    request = ReviewRequest(m.id, user_id, m.other_id(user_id), stars, text, came)
    existing = _review_by(session, m.id, user_id)
    if existing is not None:
        if (existing.rating, existing.comment, existing.other_attended) == (stars, text, came):
            return dataclasses.replace(request, existing_id=existing.id)
        raise ValidationFailed(form=ALREADY_REVIEWED)
    if m.status != "awaiting_review":
        raise ValidationFailed(form="Reviews open when the meeting has ended." if m.status in ("accepted", "in_progress") else "This meeting cannot be reviewed.")
    other = request.reviewee_id
    if not came and m.kind == "online" and (joined := rooms.attendance(session=session, meeting_id=m.id, now=now).get(other)):
        # the room's attendance decides: someone who joined it was there
        raise ValidationFailed(attended=f"They joined the meeting room (for {duration_phrase(joined)}), so they cannot be reported as absent.")
    return request


def do_submit_review(*, session: Session, request: ReviewRequest, now: dt.datetime) -> MeetingReview:
    """Store the review (a "did not come" starts the 72 h dispute window); the last review completes the meeting."""
    if request.existing_id is not None:
        existing = session.get(MeetingReview, request.existing_id)
        assert existing is not None
        return existing
    # Locked: of two reviews sent at once the second waits here, then counts both and completes the meeting.
    m = get_meeting_for(session=session, meeting_id=request.meeting_id, user_id=request.reviewer_id, lock=True)
    assert m.id is not None  # a stored meeting
    other = request.reviewee_id
    review = MeetingReview(
        meeting_id=m.id, reviewer_id=request.reviewer_id, reviewee_id=other, rating=request.rating, comment=request.comment,
        other_attended=request.attended, created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(review)
            session.flush()
    except sa.exc.IntegrityError:  # the same person in another tab, a moment earlier
        raise Conflict(form=ALREADY_REVIEWED) from None
    assert review.id is not None  # set by the flush
    if not request.attended:
        set_timer(session, meeting_timers.strike_timer(review.id, now))
        deadline = format_local(now + meeting_timers.DISPUTE_WINDOW, _tz(session, other), WHEN)
        notify(
            session, m, to_user=other, actor_id=request.reviewer_id, kind="no_show_reported",
            title="{Who} reported that you did not come", dedupe=f"noshow:{review.id}", now=now,
            body=f"If you were there, dispute it on the meeting page before {deadline}; otherwise it counts as a strike.",
        )
    push(session, m)
    meeting_clock.do_complete(session=session, meeting_id=m.id, now=now)  # the last review completes it at once
    return review


def submit_review(*, session: Session, meeting_id: object, user_id: int, rating: object, comment: object, attended: object, now: dt.datetime) -> MeetingReview:
    """The plain verb: the clock's overdue work first (a meeting that just ended opens for reviews), then
    check_submit_review and do_submit_review, in the caller's unit of work."""
    meeting_clock.do_catch_up(session=session, now=now, user_id=user_id)
    request = check_submit_review(session=session, meeting_id=meeting_id, user_id=user_id, rating=rating, comment=comment, attended=attended, now=now)
    return do_submit_review(session=session, request=request, now=now)


def _tz(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.timezone if user else "UTC"


def _report_against(session: Session, meeting_id: int, user_id: int) -> MeetingReview | None:
    return session.exec(
        select(MeetingReview).where(MeetingReview.meeting_id == meeting_id, MeetingReview.reviewee_id == user_id, col(MeetingReview.other_attended).is_(False))
    ).first()


@dataclass(frozen=True)
class Dispute:
    """A checked dispute of the no-show report against `user_id` (`already`: disputed before, nothing to write)."""

    meeting_id: int
    report_id: int
    user_id: int
    note: str
    already: bool


def check_dispute(*, session: Session, meeting_id: object, user_id: int, note: object, now: dt.datetime) -> Dispute:
    """The reported person says they did come: no strike. Only within 72 h of the report. Writes nothing."""
    text = review_input.check_comment(note, field="note")
    m = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    assert m.id is not None  # a stored meeting
    report = _report_against(session, m.id, user_id)
    if report is None:
        raise ValidationFailed(form="Nobody reported you as absent from this meeting.")
    assert report.id is not None
    if report.disputed_at is not None:
        return Dispute(m.id, report.id, user_id, text, already=True)
    if report.strike_at is not None or now >= ensure_aware_utc(report.created_at) + meeting_timers.DISPUTE_WINDOW:
        raise ValidationFailed(form="The 72 hours to dispute this report have passed.")
    return Dispute(m.id, report.id, user_id, text, already=False)


def do_dispute(*, session: Session, request: Dispute, now: dt.datetime) -> MeetingReview:
    """Record the dispute: no strike, its timer goes, the reporter is told. The caller commits."""
    report = session.get(MeetingReview, request.report_id)
    m = session.get(Meeting, request.meeting_id)
    assert report is not None and m is not None
    if request.already:
        return report
    report.disputed_at, report.dispute_note = now, request.note
    session.add(report)
    drop_timer(session, meeting_timers.strike_timer(request.report_id, ensure_aware_utc(report.created_at)))
    notify(
        session, m, to_user=report.reviewer_id, actor_id=request.user_id, kind="no_show_disputed",
        title="{Who} disputes your no-show report", body="{Who} says they came to the meeting on {when}; no strike is recorded.",
        dedupe=f"dispute:{report.id}", now=now, extra=f" “{request.note}”" if request.note else "",
    )
    push(session, m)
    return report


def dispute(*, session: Session, meeting_id: object, user_id: int, note: object, now: dt.datetime) -> MeetingReview:
    """The plain verb: check_dispute then do_dispute, in the caller's unit of work (the meeting page, tests)."""
    request = check_dispute(session=session, meeting_id=meeting_id, user_id=user_id, note=note, now=now)
    return do_dispute(session=session, request=request, now=now)


def do_finalize_strike(*, session: Session, review_id: int, now: dt.datetime) -> bool:
    """After the dispute window: an undisputed no-show report becomes a strike (idempotent)."""
    report = session.get(MeetingReview, review_id)
    if report is None or report.other_attended or report.disputed_at is not None or report.strike_at is not None:
        return False
    if now < ensure_aware_utc(report.created_at) + meeting_timers.DISPUTE_WINDOW:
        return False
    report.strike_at = now
    session.add(report)
    session.flush()
    reliability_scores.refresh(session, report.reviewee_id)
    m = session.get(Meeting, report.meeting_id)
    assert m is not None  # the report's meeting (a foreign key)
    until = reliability_scores.suspended_until(session=session, user_id=report.reviewee_id, now=now)
    body = "An undisputed no-show report counts as a strike."
    if until is not None:
        body += f" After {STRIKE_LIMIT} strikes in {STRIKE_WINDOW.days} days you cannot send meeting requests until {format_local(until, _tz(session, report.reviewee_id), WHEN)}."
    notify(session, m, to_user=report.reviewee_id, actor_id=None, kind="strike", title="A strike was recorded", body=body, dedupe=f"strike:{report.id}", now=now)
    push(session, m)
    return True  # the job that fired it commits


@dataclass(frozen=True)
class ReviewPanel:
    can_review: bool
    reviewed: bool
    my_rating: int
    my_comment: str
    my_attended: bool
    they_reviewed: bool
    deadline: str  # when reviews close, in the viewer's timezone
    reported: bool  # the other said I did not come
    can_dispute: bool
    disputed: bool
    strike: bool
    dispute_until: str


def review_panel(*, session: Session, meeting: Meeting, viewer_id: int, now: dt.datetime) -> ReviewPanel:
    assert meeting.id is not None  # a stored meeting
    tz = _tz(session, viewer_id)
    mine = _review_by(session, meeting.id, viewer_id)
    theirs = _review_by(session, meeting.id, meeting.other_id(viewer_id))
    report = theirs if theirs is not None and not theirs.other_attended else None
    until = ensure_aware_utc(report.created_at) + meeting_timers.DISPUTE_WINDOW if report else None
    return ReviewPanel(
        can_review=meeting.status == "awaiting_review" and mine is None,
        reviewed=mine is not None, my_rating=mine.rating if mine else 0, my_comment=mine.comment if mine else "",
        my_attended=mine.other_attended if mine else True, they_reviewed=theirs is not None,
        deadline=format_local(review_deadline(ensure_aware_utc(meeting.end_at)), tz, WHEN),
        reported=report is not None,
        can_dispute=bool(report and until is not None and report.disputed_at is None and report.strike_at is None and now < until),
        disputed=bool(report and report.disputed_at is not None), strike=bool(report and report.strike_at is not None),
        dispute_until=format_local(until, tz, WHEN) if until else "",
    )
