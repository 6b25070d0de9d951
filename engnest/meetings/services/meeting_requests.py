"""Sending a meeting request: `check_request_meeting` runs every check (nothing written on bad input), then
the daily limit (checked and counted atomically); `do_request_meeting` writes the meeting, its history, the
credit hold for online requests, the notification and the live push, in the caller's unit of work."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.accounts.services import email_verification
from engnest.billing.services import credits
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.domain.meeting_spot import Spot
from engnest.meetings.models import Meeting, MeetingParticipant
from engnest.meetings.services.meeting_common import apply_spot, notify, push, record, resolve_spot
from engnest.meetings.services.meeting_people import PersonSummary, person_for
from engnest.meetings.services.reliability_scores import suspension_message
from engnest.network.services import relations
from engnest.platform import throttle
from engnest.platform.domain.errors import Collector, Conflict, ValidationFailed
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
    me = session.get(User, requester_id)
    assert me is not None  # the signed-in caller
    return RequestContext(
        other=person_for(session=session, viewer_id=requester_id, person_id=recipient_id),
        my_timezone=me.timezone,
        problem=problem,
        credits=credits.balance(session=session, user_id=requester_id),
    )


def _limit_key(user_id: int) -> str:
    return f"meeting-request:{user_id}"


@dataclass(frozen=True)
class MeetingRequest:
    """A checked meeting request (counted against the requester's daily limit). `existing_id`: the same open
    request was sent before (a double click, a retry): nothing to write."""

    requester_id: int
    recipient_id: int
    kind: str
    start: dt.datetime
    minutes: int
    message: str
    spot: Spot | None
    existing_id: int | None = None


ALREADY_OPEN = "You already have an open meeting request with this engineer. Answer or withdraw it first."


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
) -> MeetingRequest:
    """Every gate and field first (nothing written on bad input), then the daily limit, checked and counted in
    one step keyed on the requester, so parallel requests cannot all pass."""
    check_can_meet(session=session, requester_id=requester_id, recipient_id=recipient_id, now=now)
    requester = session.get(User, requester_id)
    assert requester is not None  # the signed-in caller
    errors = Collector()
    kind = errors.check("kind", rules.check_kind, kind)
    start = errors.check("start", rules.check_start, start_date, start_time, requester.timezone, now)
    minutes = errors.check("duration", rules.check_duration, duration)
    text = errors.check("message", rules.check_message, message)
    spot = errors.check("spot", resolve_spot, session, spot_id, requester_id, recipient_id) if kind == "in_person" else None
    errors.raise_if_any()
    request = MeetingRequest(requester_id, recipient_id, kind, start, minutes, text, spot)

    existing = open_meeting_between(session=session, a=requester_id, b=recipient_id)
    if existing is not None:
        same = (existing.requester_id, existing.kind, ensure_aware_utc(existing.start_at), existing.duration_minutes, existing.spot_place_id) == (
            requester_id, kind, start, minutes, spot.place.id if spot else None,
        )
        if same:
            return dataclasses.replace(request, existing_id=existing.id)  # the same request sent twice (double click, retry)
        raise ValidationFailed(form=ALREADY_OPEN)
    if kind == "online":
        credits.check_has_credit(session=session, user_id=requester_id)
    throttle.take(get_settings().meeting_request_limit, _limit_key(requester_id), field="form", what="meeting requests today")
    return request


def do_request_meeting(*, session: Session, request: MeetingRequest, now: dt.datetime) -> Meeting:
    """The meeting, its participants, history, the credit hold (online), the notification and the live push."""
    if request.existing_id is not None:
        existing = session.get(Meeting, request.existing_id)
        assert existing is not None
        return existing
    r = request
    meeting = Meeting(
        requester_id=r.requester_id, recipient_id=r.recipient_id, kind=r.kind, status="pending",
        start_at=r.start, end_at=r.start + dt.timedelta(minutes=r.minutes), duration_minutes=r.minutes, message=r.message,
        awaiting_id=r.recipient_id, proposed_by_id=r.requester_id, open_pair_key=pair_key(r.requester_id, r.recipient_id),
        uses_credit=r.kind == "online", created_at=now, updated_at=now,
    )
    apply_spot(meeting, r.spot)
    try:
        with session.begin_nested():  # the credit hold can still find the balance spent meanwhile: then nothing stays
            session.add(meeting)
            session.flush()
            assert meeting.id is not None
            session.add(MeetingParticipant(meeting_id=meeting.id, user_id=r.requester_id, role="requester"))
            session.add(MeetingParticipant(meeting_id=meeting.id, user_id=r.recipient_id, role="recipient"))
            session.flush()
            if meeting.uses_credit:
                credits.hold_for_meeting(session, meeting, now)
    except sa.exc.IntegrityError:  # a concurrent request for the same pair won
        raise Conflict(form=ALREADY_OPEN) from None
    except ValidationFailed as exc:  # a parallel request spent the last credit after the check saw it
        raise Conflict(exc.errors) from None
    record(session, meeting, r.requester_id, "requested", now, note=r.message)
    notify(
        session, meeting, to_user=r.recipient_id, actor_id=r.requester_id, kind="meeting_requested",
        title="{Who} wants to meet", body="{Who} asks to meet {where} on {when}. Accept, decline or propose another time.",
        dedupe="requested", now=now,
    )
    push(session, meeting)
    return meeting


def request_meeting(*, session: Session, now: dt.datetime, **fields: Any) -> Meeting:
    """The plain verb: check_request_meeting (same keyword arguments) then do_request_meeting, in the caller's
    unit of work."""
    request = check_request_meeting(session=session, now=now, **fields)
    return do_request_meeting(session=session, request=request, now=now)
