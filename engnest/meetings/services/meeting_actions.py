"""Answering an open meeting request: accept, decline, counter-propose, cancel (changes of accepted meetings:
meeting_changes; the clock's transitions and reviews: meeting_clock, reviews).

Each is one service function doing the whole change (status, history, collaborators, credits, notification,
live push) in the caller's unit of work, so jobs (reminders, reviews) can hook in beside them. Whether an action
is allowed depends on the meeting's state, decided under its row lock (meeting_transition), so accept, decline,
counter and cancel are plain verbs: they validate and write. `check_counter` validates the proposed terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.billing.services import credits
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.domain.meeting_lifecycle import OPEN, Decision
from engnest.meetings.domain.meeting_spot import Spot
from engnest.meetings.models import Meeting
from engnest.meetings.services import reliability_scores
from engnest.meetings.services.meeting_common import apply_spot, notify, record, resolve_spot
from engnest.meetings.services.meeting_transition import get_meeting_for, transition
from engnest.network.services import relations
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

SAME_TERMS = "Change the time or the spot, or accept the proposal as it is."


def accept(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    """The person the request waits for accepts: the two become collaborators; an online meeting spends a credit."""

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

    return transition(session, meeting_id, user_id, "accept", now, change, gated=True)


def decline(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
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


@dataclass(frozen=True)
class Proposal:
    """Checked new terms for a meeting: its start (aware UTC), minutes, the message, and a new spot (None: keep)."""

    meeting_id: int
    user_id: int
    start: dt.datetime
    minutes: int
    message: str
    spot: Spot | None

    def same_as(self, m: Meeting) -> bool:
        same_spot = self.spot is None or self.spot.place.id == m.spot_place_id
        return (ensure_aware_utc(m.start_at), m.duration_minutes) == (self.start, self.minutes) and same_spot


def check_counter(
    *, session: Session, meeting_id: object, user_id: int, start_date: str, start_time: str, duration: object,
    spot_id: str | None = None, message: str = "", now: dt.datetime,
) -> Proposal:
    """The terms of a counter-proposal, each field checked (typed in the caller's timezone). Writes nothing."""
    current = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    me = session.get(User, user_id)
    assert me is not None  # the signed-in caller, on the meeting (get_meeting_for)
    tz = me.timezone
    errors = Collector()
    start = errors.check("start", rules.check_start, start_date, start_time, tz, now)
    minutes = errors.check("duration", rules.check_duration, duration)
    text = errors.check("message", rules.check_message, message)
    spot = None
    if current.kind == "in_person" and spot_id not in (None, "", current.spot_place_id):
        spot = errors.check("spot", resolve_spot, session, spot_id, current.requester_id, current.recipient_id)
    errors.raise_if_any()
    assert current.id is not None
    return Proposal(meeting_id=current.id, user_id=user_id, start=start, minutes=minutes, message=text, spot=spot)


def counter(*, session: Session, user_id: int, now: dt.datetime, **terms: Any) -> Meeting:
    """Propose another time and/or spot (check_counter's keyword arguments); the other person then answers.
    The same proposal twice is a no-op."""
    p = check_counter(session=session, user_id=user_id, now=now, **terms)

    def change(m: Meeting, d: Decision, before: str) -> None:
        if p.same_as(m):  # the person whose turn it is "counter-proposed" exactly what is on the table
            raise ValidationFailed(start=SAME_TERMS)
        m.start_at, m.end_at, m.duration_minutes = p.start, p.start + dt.timedelta(minutes=p.minutes), p.minutes
        if p.spot is not None:
            apply_spot(m, p.spot)
        m.proposed_by_id, m.counter_count = user_id, m.counter_count + 1
        record(session, m, user_id, "countered", now, note=p.message)
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_countered",
            title="{Who} proposed another time", body="{Who} proposes to meet {where} on {when}.",
            dedupe=f"counter:{m.counter_count}", now=now, extra=f" “{p.message}”" if p.message else "",
        )

    return transition(session, p.meeting_id, user_id, "counter", now, change, same_terms=p.same_as, gated=True)


def cancel(*, session: Session, meeting_id: object, user_id: int, reason: str, now: dt.datetime) -> Meeting:
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
