"""Sending a meeting request: every check first (nothing written on bad input), then the daily limit
(checked and counted atomically), then the meeting, its history, the credit hold for online requests, the
notification and the live push, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.accounts.services import email_verification
from engnest.billing.services import credits
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.models import Meeting, MeetingParticipant
from engnest.meetings.services.meeting_common import apply_spot, notify, push, record, resolve_spot
from engnest.meetings.services.meeting_people import PersonSummary, person_for
from engnest.meetings.services.reliability_scores import suspension_message
from engnest.network.services import relations
from engnest.platform import throttle
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings
from engnest.profiles.services import profiles


def pair_key(a: int, b: int) -> str:
    low, high = sorted((int(a), int(b)))
    return f"{low}:{high}"


def open_meeting_between(*, session: Session, a: int, b: int) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.open_pair_key == pair_key(a, b))).first()


def check_can_meet(*, session: Session, requester_id: int, recipient_id: int, now: dt.datetime) -> User:
    """The gates for asking someone to meet; returns the recipient."""
    if requester_id == recipient_id:
        raise ValidationFailed(form="You cannot request a meeting with yourself.")
    unverified = email_verification.verification_problem(session=session, user_id=requester_id)
    if unverified:
        raise ValidationFailed(form=unverified)
    suspended = suspension_message(session=session, user_id=requester_id, now=now)
    if suspended:
        raise ValidationFailed(form=suspended)
    recipient = session.get(User, recipient_id)
    if recipient is None or relations.is_blocked_between(session=session, a=requester_id, b=recipient_id):
        raise ValidationFailed(form="This engineer is not available.")  # same words for blocked and missing
    if not profiles.is_profile_complete(session=session, user_id=requester_id):
        raise ValidationFailed(form="Complete your profile before you request a meeting.")
    if not profiles.is_profile_complete(session=session, user_id=recipient_id):
        raise ValidationFailed(form="This engineer has not finished their profile yet, so they cannot accept meetings.")
    return recipient


@dataclass(frozen=True)
class RequestContext:
    other: PersonSummary
    my_timezone: str
    problem: str  # why the caller cannot send a request right now ('' if they can)
    credits: int


def request_context(*, session: Session, requester_id: int, recipient_id: int, now: dt.datetime) -> RequestContext:
    """What the request form shows; ValidationFailed if the other person is not someone one may ask."""
    if requester_id == recipient_id:
        raise ValidationFailed(form="You cannot request a meeting with yourself.")
    if session.get(User, recipient_id) is None or relations.is_blocked_between(session=session, a=requester_id, b=recipient_id):
        raise ValidationFailed(form="This engineer is not available.")
    problem = ""
    try:
        check_can_meet(session=session, requester_id=requester_id, recipient_id=recipient_id, now=now)
    except ValidationFailed as exc:
        problem = exc.first()
    existing = open_meeting_between(session=session, a=requester_id, b=recipient_id)
    if not problem and existing is not None:
        problem = "You already have an open meeting request with this engineer."
    return RequestContext(
        other=person_for(session=session, viewer_id=requester_id, person_id=recipient_id),
        my_timezone=session.get(User, requester_id).timezone,
        problem=problem,
        credits=credits.balance(session=session, user_id=requester_id),
    )


def _limit_key(user_id: int) -> str:
    return f"meeting-request:{user_id}"


def check_request_meeting(
    *,
    session: Session,
    requester_id: int,
    recipient_id: int,
    kind: str,
    start_date: str,
    start_time: str,
    duration: object,
    message: str = "",
    spot_id: str | None = None,
    now: dt.datetime,
) -> Meeting:
    check_can_meet(session=session, requester_id=requester_id, recipient_id=recipient_id, now=now)
    requester = session.get(User, requester_id)
    errors = Collector()
    kind = errors.check("kind", rules.check_kind, kind)
    start = errors.check("start", rules.check_start, start_date, start_time, requester.timezone, now)
    minutes = errors.check("duration", rules.check_duration, duration)
    text = errors.check("message", rules.check_message, message)
    spot = errors.check("spot", resolve_spot, session, spot_id, requester_id, recipient_id) if kind == "in_person" else None
    errors.raise_if_any()

    existing = open_meeting_between(session=session, a=requester_id, b=recipient_id)
    if existing is not None:
        same = (existing.requester_id, existing.kind, ensure_aware_utc(existing.start_at), existing.duration_minutes, existing.spot_place_id) == (
            requester_id, kind, start, minutes, spot.place.id if spot else None,
        )
        if same:
            return existing  # the same request sent twice (double click, retry)
        raise ValidationFailed(form="You already have an open meeting request with this engineer. Answer or withdraw it first.")
    if kind == "online":
        credits.check_has_credit(session=session, user_id=requester_id)
    # Checked and counted in one step, keyed on the requester: parallel requests cannot all pass the check.
    throttle.take(get_settings().meeting_request_limit, _limit_key(requester_id), field="form", what="meeting requests today")

    meeting = Meeting(
        requester_id=requester_id, recipient_id=recipient_id, kind=kind, status="pending",
        start_at=start, end_at=start + dt.timedelta(minutes=minutes), duration_minutes=minutes, message=text,
        awaiting_id=recipient_id, proposed_by_id=requester_id, open_pair_key=pair_key(requester_id, recipient_id),
        uses_credit=kind == "online", created_at=now, updated_at=now,
    )
    apply_spot(meeting, spot)
    try:
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        session.add(MeetingParticipant(meeting_id=meeting.id, user_id=requester_id, role="requester"))
        session.add(MeetingParticipant(meeting_id=meeting.id, user_id=recipient_id, role="recipient"))
        session.flush()
    except sa.exc.IntegrityError:  # a concurrent request for the same pair won (nothing else written yet)
        session.rollback()
        raise ValidationFailed(form="You already have an open meeting request with this engineer. Answer or withdraw it first.") from None
    try:
        if meeting.uses_credit:
            credits.hold_for_meeting(session, meeting, now)
    except ValidationFailed:
        session.rollback()
        raise
    record(session, meeting, requester_id, "requested", now, note=text)
    notify(
        session, meeting, to_user=recipient_id, actor_id=requester_id, kind="meeting_requested",
        title="{Who} wants to meet", body="{Who} asks to meet {where} on {when}. Accept, decline or propose another time.",
        dedupe="requested", now=now,
    )
    push(session, meeting)
    session.commit()
    return meeting
