"""The one way a meeting changes state: decide the action under the meeting's row lock and apply it inside a
savepoint (status, history, timers, live push). The caller's unit of work commits; a no-op or a refusal leaves
nothing written and the caller's transaction usable. The row is locked (PostgreSQL) and version-checked
(everywhere): of two concurrent clicks one wins and the other re-reads and becomes a no-op or a clear refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from engnest.meetings.domain.meeting_lifecycle import OPEN, Decision, MeetingFacts, decide
from engnest.meetings.models import Meeting
from engnest.meetings.services import timers
from engnest.meetings.services.meeting_common import push
from engnest.network.services import relations
from engnest.platform.domain.errors import Conflict, ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.services import profiles

NOT_FOUND = "This meeting does not exist."
CHANGED = "This meeting changed a moment ago. Reload the page and try again."


def get_meeting_for(*, session: Session, meeting_id: object, user_id: int | None, lock: bool = False) -> Meeting:
    """The meeting if `user_id` takes part in it (None: the system). Other people's ids look like missing ones.
    `lock`: the row is locked (PostgreSQL) and re-read, whatever this session loaded before."""
    mid = parse_id(meeting_id)
    if mid is None:
        raise ValidationFailed(form=NOT_FOUND)
    stmt = select(Meeting).where(Meeting.id == mid)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    meeting = session.exec(stmt).first()
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


def gate_participant(session: Session, meeting: Meeting, user_id: int) -> None:
    """Accepting or proposing needs a complete profile and no block between the two."""
    if relations.is_blocked_between(session=session, a=meeting.requester_id, b=meeting.recipient_id):
        raise ValidationFailed(form="This engineer is not available.")
    if not profiles.is_profile_complete(session=session, user_id=user_id):
        raise ValidationFailed(form="Complete your profile before you accept or propose meetings.")


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
    gated: bool = False,
) -> Meeting:
    """Apply `action` by `user_id` (None: the system) if the meeting's state allows it now, else raise the
    refusal; `change(meeting, decision, status_before)` writes the action's own part (history, notification…).
    `gated`: the actor needs a complete profile and no block between the two (checked unless it is a no-op)."""
    for attempt in (1, 2):
        try:
            with session.begin_nested():  # a refusal, a no-op or a lost race rolls back to here
                meeting = get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id, lock=True)
                facts = facts_of(meeting)
                decision = decide(facts, action, user_id, now, reason=reason, same_terms=bool(same_terms and same_terms(meeting)))
                if decision.noop:
                    return meeting  # nothing to write
                if gated and user_id is not None:
                    gate_participant(session, meeting, user_id)
                _apply(session, meeting, decision, now, change)
                return meeting
        except StaleDataError:  # another transaction changed the row since it was read: read again once
            if attempt == 2:
                raise Conflict(form=CHANGED) from None
    raise AssertionError("unreachable")


def _apply(session: Session, meeting: Meeting, decision: Decision, now: dt.datetime, change: Change) -> None:
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
    push(session, meeting)  # delivered after the caller's commit, dropped if it rolls back
