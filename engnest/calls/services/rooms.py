"""An online meeting's room: from 10 minutes before the start to the end, either participant can join; the first one
waits (the other's tabs ring), the second one's "Join" answers, and both land in the same call. Attendance (who
joined, for how long) is read from the room's call rows. Also the server-side timer that ends a call nobody
answered, or a room nobody else joined, whether or not any browser is still there.

Calls sit below meetings, so the meetings feature registers the provider that says what a meeting's room is
(`register_room_provider`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.calls.domain import call_rules as rules
from engnest.calls.models import Call, CallParticipant
from engnest.calls.services.call_core import (
    BUSY_ME,
    CallView,
    finish,
    open_call_seen,
    plan_ring_out,
    push,
    refusal,
    settle,
    status_now,
    view,
)
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.events import push_after_commit

NOT_YOURS = "This is not one of your online meetings."


@dataclass(frozen=True)
class MeetingRoom:
    """What calls need to know of an accepted online meeting."""

    meeting_id: int
    people: tuple[int, ...]
    starts_at: dt.datetime
    ends_at: dt.datetime


RoomProvider = Callable[[Session, int], "MeetingRoom | None"]
_providers: list[RoomProvider] = []


def register_room_provider(fn: RoomProvider) -> None:
    """`fn(session, meeting_id)`: the meeting's room if it is an accepted online meeting, else None."""
    if fn not in _providers:
        _providers.append(fn)


def meeting_room(session: Session, meeting_id: int) -> MeetingRoom | None:
    return next((room for fn in _providers if (room := fn(session, meeting_id)) is not None), None)


def _room_call(session: Session, meeting_id: int, now: dt.datetime) -> Call | None:
    rows = session.exec(select(Call).where(Call.meeting_id == meeting_id, Call.status.in_(tuple(rules.OPEN)))).all()  # type: ignore[attr-defined]
    return next((c for c in rows if status_now(c, now) in rules.OPEN), None)


@dataclass(frozen=True)
class JoinRoom:
    meeting_id: int
    me: int
    peer: int
    ends_at: dt.datetime
    answer_call_id: int | None  # the other one is waiting: answer their call
    replace_call_id: int | None  # my own earlier call of this room (another tab, a reload): start it again


def check_join_room(*, session: Session, meeting_id: object, me: int, now: dt.datetime) -> JoinRoom:
    """May `me` join the meeting's room now: a participant of an accepted online meeting, inside its window, still
    allowed to call the other participant, not in another call."""
    mid = meeting_id if isinstance(meeting_id, int) and not isinstance(meeting_id, bool) and 0 < meeting_id < 2**31 else None
    room = meeting_room(session, mid) if mid else None
    if room is None or me not in room.people:
        raise ValidationFailed(call=NOT_YOURS)
    reason = rules.room_refusal(starts_at=room.starts_at, ends_at=room.ends_at, now=now)
    peer = next((p for p in room.people if p != me), None)
    reason = reason or (refusal(session=session, me=me, peer=peer) if peer else NOT_YOURS)
    if reason:
        raise ValidationFailed(call=reason)
    call = _room_call(session, room.meeting_id, now)
    mine = open_call_seen(session, me, now)
    if mine is not None and (call is None or mine.id != call.id):
        raise ValidationFailed(call=BUSY_ME)
    waiting = None
    if call is not None and status_now(call, now) == rules.RINGING:
        me_row = session.exec(select(CallParticipant).where(CallParticipant.call_id == call.id, CallParticipant.user_id == me)).one()
        waiting = call.id if me_row.role == "callee" else None
    return JoinRoom(
        meeting_id=room.meeting_id, me=me, peer=peer, ends_at=ensure_aware_utc(room.ends_at),  # type: ignore[arg-type]
        answer_call_id=waiting, replace_call_id=call.id if call is not None and waiting is None else None,
    )


def do_join_room(*, session: Session, request: JoinRoom, now: dt.datetime) -> CallView:
    """Answer the other participant's waiting call, or open the room and ring them (their tabs ring, their "Join"
    answers). Rejoining ends my earlier call of the room first (the other side hears "ended", then the ring)."""
    if request.answer_call_id is not None:
        call = session.get(Call, request.answer_call_id)
        assert call is not None
        me_row = session.exec(select(CallParticipant).where(CallParticipant.call_id == call.id, CallParticipant.user_id == request.me)).one()
        call.status, call.answered_at, me_row.joined_at = rules.LIVE, now, now
        session.add(call)
        session.add(me_row)
        push(session, call, "accepted", by=request.me)
        plan_ring_out(session, call.id, now + dt.timedelta(hours=rules.MAX_CALL_HOURS, seconds=1), "close")  # type: ignore[arg-type]
        return view(session, call, request.me)  # type: ignore[return-value]
    old = session.get(Call, request.replace_call_id) if request.replace_call_id else None
    if old is not None and old.status in rules.OPEN:
        finish(session, old, rules.ENDED, now)
    call = Call(started_by=request.me, media="video", status=rules.RINGING, meeting_id=request.meeting_id, created_at=now)
    session.add(call)
    session.flush()
    assert call.id is not None  # set by the flush
    session.add(CallParticipant(call_id=call.id, user_id=request.me, role="caller", joined_at=now))
    session.add(CallParticipant(call_id=call.id, user_id=request.peer, role="callee"))
    session.flush()
    push_after_commit(session, [request.peer], "call", {"kind": "ring", "call": call.id, "to": request.peer})
    plan_ring_out(session, call.id, request.ends_at)  # type: ignore[arg-type]
    return view(session, call, request.me)  # type: ignore[return-value]


def join_room(*, session: Session, meeting_id: object, me: int, now: dt.datetime) -> CallView:
    """`me` joins the online meeting's room."""
    return do_join_room(session=session, request=check_join_room(session=session, meeting_id=meeting_id, me=me, now=now), now=now)


def do_ring_out(*, session: Session, call_id: int, now: dt.datetime) -> str | None:
    """The call's timer (call_core.plan_ring_out) is due: a call nobody answered is missed, a room nobody else
    joined closes as missed at the meeting's end, a live call nobody hung up ends after MAX_CALL_HOURS. Idempotent
    (an answered or finished call stays as it is). Returns the status, None for a call that does not exist."""
    call = session.get(Call, call_id)
    if call is None:
        return None
    if call.meeting_id is not None and call.status == rules.RINGING:
        room = meeting_room(session, call.meeting_id)
        if room is None or now >= ensure_aware_utc(room.ends_at):
            finish(session, call, rules.MISSED, now)
        return call.status
    return settle(session, call, now)


# --- Attendance ---------------------------------------------------------------------------------------------------


def attendance(*, session: Session, meeting_id: int, now: dt.datetime) -> dict[int, int]:
    """Who joined the meeting's room, and for how many seconds in all (every call of the room; someone still in it
    counts up to `now`). A participant who never joined is absent from the result."""
    rows = session.exec(
        select(CallParticipant.user_id, CallParticipant.joined_at, CallParticipant.left_at)
        .join(Call, Call.id == CallParticipant.call_id)  # type: ignore[arg-type]
        .where(Call.meeting_id == meeting_id, sa.not_(CallParticipant.joined_at.is_(None)))  # type: ignore[union-attr]
    ).all()
    seconds: dict[int, int] = {}
    for user_id, joined, left in rows:
        span = rules.duration_seconds(joined, left or now)
        seconds[user_id] = seconds.get(user_id, 0) + span
    return seconds


def room_for(*, session: Session, meeting_id: object, me: int) -> MeetingRoom | None:
    """The meeting's room if `me` is one of its participants (None otherwise: the page shows no room)."""
    mid = meeting_id if isinstance(meeting_id, int) and not isinstance(meeting_id, bool) and 0 < meeting_id < 2**31 else None
    room = meeting_room(session, mid) if mid else None
    return room if room is not None and me in room.people else None
