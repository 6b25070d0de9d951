"""Moving an accepted meeting that has not started: one person proposes a new time and/or spot, the other
accepts (the meeting moves and so do its reminder, start and end jobs) or declines (the agreed terms stay);
the proposer may withdraw. The state rules are in domain.meeting_lifecycle (propose_change & co); whether an
answer is allowed is decided under the meeting's row lock, so the answers are plain verbs (validate and write).
`check_propose_change` validates the proposed terms and writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.domain.meeting_lifecycle import Decision
from engnest.meetings.models import Meeting
from engnest.meetings.services.meeting_common import WHEN_FORMAT, apply_spot, notify, record, resolve_spot
from engnest.meetings.services.meeting_transition import get_meeting_for, transition
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc, format_local


def _tz(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.timezone if user else "UTC"


@dataclass(frozen=True)
class ChangeProposal:
    """Checked new terms for an accepted meeting: start (aware UTC), minutes, spot id and the message."""

    meeting_id: int
    user_id: int
    start: dt.datetime
    minutes: int
    spot_place_id: str | None
    message: str


def check_propose_change(
    *, session: Session, meeting_id: object, user_id: int, start_date: str, start_time: str, duration: object, spot_id: str | None = None,
    message: str = "", now: dt.datetime,
) -> ChangeProposal:
    """Each field checked (typed in the caller's timezone), and the terms must differ from the agreed ones."""
    current = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    errors = Collector()
    start = errors.check("start", rules.check_start, start_date, start_time, _tz(session, user_id), now)
    minutes = errors.check("duration", rules.check_duration, duration)
    text = errors.check("message", rules.check_message, message)
    spot_place = current.spot_place_id
    if current.kind == "in_person" and spot_id not in (None, "", current.spot_place_id):
        spot = errors.check("spot", resolve_spot, session, spot_id, current.requester_id, current.recipient_id)
        spot_place = spot.place.id if spot else None
    errors.raise_if_any()
    if (ensure_aware_utc(current.start_at), current.duration_minutes, current.spot_place_id) == (start, minutes, spot_place):
        raise ValidationFailed(start="Change the time or the spot: this is what you already agreed.")
    assert current.id is not None
    return ChangeProposal(meeting_id=current.id, user_id=user_id, start=start, minutes=minutes, spot_place_id=spot_place, message=text)


def propose_change(*, session: Session, user_id: int, now: dt.datetime, **terms: Any) -> Meeting:
    """Propose new terms (check_propose_change's keyword arguments); the agreed ones hold until the other
    person accepts."""
    p = check_propose_change(session=session, user_id=user_id, now=now, **terms)

    def change(m: Meeting, d: Decision, before: str) -> None:
        m.change_start_at, m.change_duration, m.change_spot_id, m.change_message = p.start, p.minutes, p.spot_place_id, p.message
        other = m.other_id(user_id)
        new_when = format_local(p.start, _tz(session, other), WHEN_FORMAT)
        notify(
            session, m, to_user=other, actor_id=user_id, kind="meeting_change_proposed",
            title="{Who} proposes to move your meeting", body=f"{{Who}} proposes {new_when} instead of {{when}}.",
            dedupe=f"change:{int(p.start.timestamp())}:{p.minutes}:{p.spot_place_id}", now=now,
            extra=f" “{p.message}”" if p.message else "",
        )

    return transition(session, p.meeting_id, user_id, "propose_change", now, change)


def accept_change(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    """The other person accepts the proposed change: the meeting moves (and so do its timers)."""

    def change(m: Meeting, d: Decision, before: str) -> None:
        assert m.change_start_at is not None  # a pending change (the decision said so) has its time
        start = ensure_aware_utc(m.change_start_at)
        if start <= now:
            raise ValidationFailed(form="The proposed time has already passed. Propose a new time instead.")
        if m.kind == "in_person" and m.change_spot_id and m.change_spot_id != m.spot_place_id:
            apply_spot(m, resolve_spot(session, m.change_spot_id, m.requester_id, m.recipient_id))
        minutes, proposer = m.change_duration, m.change_by_id
        assert minutes is not None and proposer is not None  # a pending change (the decision said so) has both
        m.start_at, m.end_at, m.duration_minutes = start, start + dt.timedelta(minutes=minutes), minutes
        record(session, m, user_id, "rescheduled", now, note=m.change_message)
        notify(
            session, m, to_user=proposer, actor_id=user_id, kind="meeting_rescheduled",
            title="{Who} accepted the new time", body="Your meeting is now {where} on {when}.",
            dedupe=f"moved:{int(start.timestamp())}", now=now,
        )

    return transition(session, meeting_id, user_id, "accept_change", now, change)


def decline_change(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    def change(m: Meeting, d: Decision, before: str) -> None:
        notify(
            session, m, to_user=m.other_id(user_id), actor_id=user_id, kind="meeting_change_declined",
            title="{Who} kept the agreed time", body="{Who} declined your proposed change; you still meet {where} on {when}.",
            dedupe=f"change-declined:{int(now.timestamp())}", now=now,
        )

    return transition(session, meeting_id, user_id, "decline_change", now, change)


def withdraw_change(*, session: Session, meeting_id: object, user_id: int, now: dt.datetime) -> Meeting:
    return transition(session, meeting_id, user_id, "withdraw_change", now, lambda m, d, before: None)
