"""Answering and changing meetings: accept, decline, counter-propose, cancel (changes of accepted meetings:
meeting_changes; the clock's transitions and reviews: meeting_clock, reviews).

Each is one service function doing the whole change in one transaction (status, history, collaborators,
credits, notification, live push), so jobs (reminders, reviews) can hook in beside them. The meeting row is
locked (PostgreSQL) and version-checked (everywhere): of two concurrent clicks one wins and the other re-reads
and becomes a no-op or a clear refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.billing.services import credits
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.domain.meeting_lifecycle import OPEN, Decision, MeetingFacts, decide
from engnest.meetings.models import Meeting
from engnest.meetings.services import reliability_scores, timers
from engnest.meetings.services.meeting_common import apply_spot, notify, push, record, resolve_spot
from engnest.network.services import relations
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.services import profiles

NOT_FOUND = "This meeting does not exist."


def get_meeting_for(*, session: Session, meeting_id: object, user_id: int | None, lock: bool = False) -> Meeting:
    """The meeting if `user_id` takes part in it (None: the system). Other people's ids look like missing ones."""
    mid = parse_id(meeting_id)
    if mid is None:
        raise ValidationFailed(form=NOT_FOUND)
    stmt = select(Meeting).where(Meeting.id == mid)
    meeting = session.exec(stmt.with_for_update() if lock else stmt).first()
    if meeting is None or (user_id is not None and user_id not in (meeting.requester_id, meeting.recipient_id)):
        raise ValidationFailed(form=NOT_FOUND)
    return meeting


def facts_of(meeting: Meeting) -> MeetingFacts:
    return MeetingFacts(
        status=meeting.status, requester_id=meeting.requester_id, recipient_id=meeting.recipient_id,
        awaiting_id=meeting.awaiting_id, start_at=ensure_aware_utc(meeting.start_at), end_at=ensure_aware_utc(meeting.end_at),
        counter_count=meeting.counter_count, cancelled_by_id=meeting.cancelled_by_id, change_by_id=meeting.change_by_id,
    )


def clear_change(meeting: Meeting) -> None:
    meeting.change_by_id, meeting.change_start_at, meeting.change_duration = None, None, None
    meeting.change_spot_id, meeting.change_message = None, ""


Change = Callable[[Meeting, Decision, str], None]


def transition(
    session: Session,
    meeting_id: object,
    user_id: int | None,
    action: str,
    now: dt.datetime,
    change: Change,
    *,
    reason: str = "",
    same_terms: Callable[[Meeting], bool] | None = None,
    gate: Callable[[Meeting], None] | None = None,
) -> Meeting:
    for attempt in (1, 2):
        try:
            meeting = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id, lock=True)
            decision = decide(
                facts_of(meeting), action, user_id, now, reason=reason, same_terms=bool(same_terms and same_terms(meeting))
            )
            if decision.noop:
                session.rollback()  # nothing to write; release the lock
                return meeting
            if gate is not None:
                gate(meeting)
            before = meeting.status
            meeting.status, meeting.awaiting_id, meeting.updated_at = decision.status, decision.awaiting_id, now
            if decision.status not in OPEN:
                meeting.open_pair_key = None
            change(meeting, decision, before)  # sees a pending change's terms before they are cleared
            if decision.change_by_id is None:
                clear_change(meeting)
            meeting.change_by_id = decision.change_by_id
            timers.set_meeting_timers(session, meeting, now)  # schedule, move or remove its jobs
            session.add(meeting)
            session.flush()  # the version check happens here
            push(session, meeting)
            session.commit()
            return meeting
        except StaleDataError:
            session.rollback()
            if attempt == 2:
                raise ValidationFailed(form="This meeting changed a moment ago. Reload the page and try again.") from None
        except ValidationFailed:
            session.rollback()
            raise
    raise AssertionError("unreachable")


def _gate_participant(session: Session, user_id: int) -> Callable[[Meeting], None]:
    """Accepting or proposing needs a complete profile and no block between the two."""

    def gate(meeting: Meeting) -> None:
        if relations.is_blocked_between(session=session, a=meeting.requester_id, b=meeting.recipient_id):
            raise ValidationFailed(form="This engineer is not available.")
        if not profiles.is_profile_complete(session=session, user_id=user_id):
            raise ValidationFailed(form="Complete your profile before you accept or propose meetings.")

    return gate


def do_accept(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    def change(m: Meeting, d: Decision, before: str) -> None:
        m.accepted_at = now
        relations.do_make_collaborators(session=session, a=m.requester_id, b=m.recipient_id, now=now, meeting_id=m.id)
        if m.uses_credit:
            credits.spend_for_meeting(session, m, now)
        record(session, m, user_id, "accepted", now)
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_accepted",
            title="{Who} accepted your meeting", body="{Who} accepted: you meet {where} on {when}.", dedupe="accepted", now=now,
        )

    return transition(session, meeting_id, user_id, "accept", now, change, gate=_gate_participant(session, user_id))


def do_decline(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    def change(m: Meeting, d: Decision, before: str) -> None:
        m.closed_at = now
        if m.uses_credit:
            credits.release_for_meeting(session, m, now)
        record(session, m, user_id, "declined", now)
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_declined",
            title="Meeting request declined", body="{Who} declined meeting {where} on {when}.", dedupe="declined", now=now,
        )

    return transition(session, meeting_id, user_id, "decline", now, change)


def check_counter(
    *,
    session: Session,
    meeting_id: object,
    user_id: int,
    start_date: str,
    start_time: str,
    duration: object,
    spot_id: str | None = None,
    message: str = "",
    now: dt.datetime,
) -> Meeting:
    """Propose another time and/or spot; the other person then answers."""
    current = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    tz = session.get(User, user_id).timezone
    errors = Collector()
    start = errors.check("start", rules.check_start, start_date, start_time, tz, now)
    minutes = errors.check("duration", rules.check_duration, duration)
    text = errors.check("message", rules.check_message, message)
    spot = None
    new_spot = current.kind == "in_person" and spot_id not in (None, "", current.spot_place_id)
    if new_spot:
        spot = errors.check("spot", resolve_spot, session, spot_id, current.requester_id, current.recipient_id)
    errors.raise_if_any()
    session.rollback()  # end the read; the transition re-reads under lock

    def same(m: Meeting) -> bool:
        return (ensure_aware_utc(m.start_at), m.duration_minutes) == (start, minutes) and (spot is None or spot.place.id == m.spot_place_id)

    def change(m: Meeting, d: Decision, before: str) -> None:
        if same(m):  # the person whose turn it is "counter-proposed" exactly what is on the table
            raise ValidationFailed(start="Change the time or the spot, or accept the proposal as it is.")
        m.start_at, m.end_at, m.duration_minutes = start, start + dt.timedelta(minutes=minutes), minutes
        if spot is not None:
            apply_spot(m, spot)
        m.proposed_by_id, m.counter_count = user_id, m.counter_count + 1
        record(session, m, user_id, "countered", now, note=text)
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_countered",
            title="{Who} proposed another time", body="{Who} proposes to meet {where} on {when}.",
            dedupe=f"counter:{m.counter_count}", now=now, extra=f" “{text}”" if text else "",
        )

    return transition(session, meeting_id, user_id, "counter", now, change, same_terms=same, gate=_gate_participant(session, user_id))


def check_cancel(*, session: Session, meeting_id: object, user_id: int, reason: str, now: dt.datetime) -> Meeting:
    """Withdraw an open request, or cancel an accepted meeting (reason required; late if < 24 h before)."""
    text = rules.check_reason(reason)

    def change(m: Meeting, d: Decision, before: str) -> None:
        m.cancelled_by_id, m.cancel_reason, m.late_cancel, m.closed_at = user_id, text, d.late, now
        if m.uses_credit:
            if before in OPEN:
                credits.release_for_meeting(session, m, now)
            elif user_id != m.requester_id:
                credits.refund_for_meeting(session, m, now)
        record(session, m, user_id, "cancelled", now, note=text)
        if d.late:
            session.flush()
            reliability_scores.refresh(session, user_id)  # a late cancellation counts as a missed meeting
        late = " (less than 24 hours before it starts)" if d.late else ""
        if before in OPEN:  # never agreed: the request is withdrawn, not a meeting cancelled
            notify(
                session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_withdrawn",
                title="Request withdrawn", body="{Who} withdrew the request to meet {where} on {when}.",
                dedupe="cancelled", now=now, extra=f" Reason: {text}" if text else "",
            )
            return
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_cancelled",
            title="Meeting cancelled", body="{Who} cancelled the meeting {where} on {when}" + late + ".",
            dedupe="cancelled", now=now, extra=f" Reason: {text}" if text else "",
        )

    return transition(session, meeting_id, user_id, "cancel", now, change, reason=text)
