"""Calls between collaborators: start, accept, decline, hang up, and relay signalling between the two browsers.

Every function re-checks, from the database, that the acting user is a participant of a call that is still open and
that the two are still collaborators with no block either way; nothing is relayed otherwise. Changes are pushed
after commit on TOPIC (the caller's unit of work commits). Media never passes through the server. The shared reads
and `finish` are in call_core; an online meeting's room in rooms."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.calls.domain import call_rules as rules
from engnest.calls.models import Call, CallParticipant
from engnest.calls.services.call_core import (  # noqa: F401  (re-exported: states and tests use them here)
    BAD_MEDIA,
    BAD_SIGNAL,
    BLOCKED,
    BUSY_ME,
    BUSY_PEER,
    GONE,
    NOT_COLLABORATORS,
    SELF,
    TOPIC,
    CallView,
    call_view,
    display_name,
    find_own,
    finish,
    ice_config,
    open_call_seen,
    open_calls_of,
    own_call,
    participants,
    plan_ring_out,
    push,
    refusal,
    status_now,
    view,
)
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit

# --- Actions ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartCall:
    caller_id: int
    callee_id: int
    media: str
    leftover_call_id: int | None  # a live call of the caller's left behind (its tab closed): starting ends it


@dataclass(frozen=True)
class CallAction:
    """`me` acts on call `call_id` (accept, hang up). `refused`: the two may no longer call each other, so the call
    ends instead (`do_*` ends it, the plain verb then reports the reason)."""

    call_id: int
    me: int
    refused: str | None = None


@dataclass(frozen=True)
class RelaySignal:
    call_id: int
    me: int
    to_user_id: int
    type: str
    data: dict[str, object]
    refused: str | None = None


def check_start_call(*, session: Session, caller_id: int, callee_id: object, media: object, now: dt.datetime) -> StartCall:
    """May `caller_id` ring `callee_id` now?"""
    if media not in rules.MEDIA:
        raise ValidationFailed(call=BAD_MEDIA)
    callee = callee_id if isinstance(callee_id, int) and not isinstance(callee_id, bool) and 0 < callee_id < 2**31 else None
    if callee is None or session.get(User, callee) is None:
        raise ValidationFailed(call=NOT_COLLABORATORS)
    reason = refusal(session=session, me=caller_id, peer=callee)
    if reason:
        raise ValidationFailed(call=reason)
    mine = open_call_seen(session, caller_id, now)
    if mine is not None and status_now(mine, now) == rules.RINGING:
        raise ValidationFailed(call=BUSY_ME)
    if open_call_seen(session, callee, now) is not None:
        raise ValidationFailed(call=BUSY_PEER)
    return StartCall(caller_id=caller_id, callee_id=callee, media=str(media), leftover_call_id=mine.id if mine else None)


def do_start_call(*, session: Session, request: StartCall, now: dt.datetime) -> CallView:
    """Ring the callee (every open tab of theirs, on any worker); calls of either that rang out are written down."""
    open_calls_of(session, request.caller_id, now)
    open_calls_of(session, request.callee_id, now)
    leftover = session.get(Call, request.leftover_call_id) if request.leftover_call_id else None
    if leftover is not None and leftover.status in rules.OPEN:
        finish(session, leftover, rules.ENDED, now)
    call = Call(started_by=request.caller_id, media=request.media, status=rules.RINGING, created_at=now)
    session.add(call)
    session.flush()
    assert call.id is not None  # set by the flush
    session.add(CallParticipant(call_id=call.id, user_id=request.caller_id, role="caller", joined_at=now))
    session.add(CallParticipant(call_id=call.id, user_id=request.callee_id, role="callee"))
    session.flush()
    push_after_commit(session, [request.callee_id], TOPIC, {"kind": "ring", "call": call.id, "to": request.callee_id})
    plan_ring_out(session, call.id, rules.ring_out_at(now))  # type: ignore[arg-type]
    shown = view(session, call, request.caller_id)
    assert shown is not None
    return shown


def start_call(*, session: Session, caller_id: int, callee_id: object, media: object, now: dt.datetime) -> CallView:
    """`caller_id` rings `callee_id`."""
    request = check_start_call(session=session, caller_id=caller_id, callee_id=callee_id, media=media, now=now)
    return do_start_call(session=session, request=request, now=now)


def check_accept(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallAction:
    """May `me` answer: the callee, while it still rings, and the two may still call each other."""
    call, mine, other = find_own(session, call_id, me)
    if status_now(call, now) != rules.RINGING or mine.role != "callee":
        raise ValidationFailed(call=GONE)
    reason = refusal(session=session, me=me, peer=other.user_id)
    return CallAction(call_id=call.id, me=me, refused=reason)  # type: ignore[arg-type]


def do_accept(*, session: Session, request: CallAction, now: dt.datetime) -> CallView:
    """Answer (or, `refused`, decline: the two may no longer call each other)."""
    call, mine, _other = find_own(session, request.call_id, request.me)
    if request.refused:
        finish(session, call, rules.DECLINED, now)
        return view(session, call, request.me)  # type: ignore[return-value]
    call.status, call.answered_at, mine.joined_at = rules.LIVE, now, now
    session.add(call)
    session.add(mine)
    push(session, call, "accepted", by=request.me)
    plan_ring_out(session, call.id, now + dt.timedelta(hours=rules.MAX_CALL_HOURS, seconds=1), "close")  # type: ignore[arg-type]
    return view(session, call, request.me)  # type: ignore[return-value]


def accept(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView:
    request = check_accept(session=session, call_id=call_id, me=me, now=now)
    view = do_accept(session=session, request=request, now=now)
    if request.refused:
        raise ValidationFailed(call=request.refused)
    return view


def check_hang_up(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallAction:
    """Either participant may hang up, at any time (an ended call stays as it is)."""
    call, _mine, _other = find_own(session, call_id, me)
    return CallAction(call_id=call.id, me=me)  # type: ignore[arg-type]


def do_hang_up(*, session: Session, request: CallAction, now: dt.datetime) -> CallView:
    """End the call from either side: a live call ends (with its duration); a ringing one is declined by the
    callee, or missed when the caller gives up. Hanging up an ended call changes nothing."""
    call, mine, _other = own_call(session, request.call_id, request.me, now)
    if call.status == rules.LIVE:
        finish(session, call, rules.ENDED, now)
    elif call.status == rules.RINGING:
        gave_up = rules.ENDED if call.meeting_id else rules.MISSED  # leaving a meeting's room is not a missed call
        finish(session, call, rules.DECLINED if mine.role == "callee" else gave_up, now)
    return view(session, call, request.me)  # type: ignore[return-value]


def hang_up(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView:
    return do_hang_up(session=session, request=check_hang_up(session=session, call_id=call_id, me=me, now=now), now=now)


def check_signal(*, session: Session, call_id: object, me: int, kind: object, data: object, now: dt.datetime) -> RelaySignal:
    """A signalling message (offer, answer, ICE candidate, mute state) is relayed to the other participant only
    while the call is live and the two may still call each other."""
    size = len(json.dumps(data)) if isinstance(data, dict) else 0
    signal = rules.parse_signal(kind, data, size=size)
    if signal is None:
        raise ValidationFailed(call=BAD_SIGNAL)
    call, _mine, other = find_own(session, call_id, me)
    if status_now(call, now) != rules.LIVE:
        raise ValidationFailed(call=GONE)
    reason = refusal(session=session, me=me, peer=other.user_id)
    return RelaySignal(
        call_id=call.id, me=me, to_user_id=other.user_id, type=signal.type, data=signal.data, refused=reason,  # type: ignore[arg-type]
    )


def do_signal(*, session: Session, request: RelaySignal, now: dt.datetime) -> None:
    """Relay (or, `refused`, end the call instead: a block or a lost collaboration ends it)."""
    if request.refused:
        call, _mine, _other = find_own(session, request.call_id, request.me)
        finish(session, call, rules.ENDED, now, record=False)  # no line for someone just blocked or removed
        return
    push_after_commit(session, [request.to_user_id], TOPIC, {"kind": "signal", "call": request.call_id, "type": request.type, "data": request.data})


def signal(*, session: Session, call_id: object, me: int, kind: object, data: object, now: dt.datetime) -> None:
    """Relay one signalling message to the other participant."""
    request = check_signal(session=session, call_id=call_id, me=me, kind=kind, data=data, now=now)
    do_signal(session=session, request=request, now=now)
    if request.refused:
        raise ValidationFailed(call=request.refused)


def do_end_calls_between(*, session: Session, a: int, b: int, now: dt.datetime) -> int:
    """End every open call `a` and `b` are both in (a block): both browsers hear "ended" and drop the connection.
    A ringing call is declined, not missed (no "missed call" notification from someone just blocked)."""
    ended = 0
    for call in open_calls_of(session, a, now):
        if any(p.user_id == b for p in participants(session, call.id)):  # type: ignore[arg-type]
            finish(session, call, rules.ENDED if call.status == rules.LIVE else rules.DECLINED, now, record=False)
            ended += 1
    return ended


def do_end_calls_of(*, session: Session, user_id: int, now: dt.datetime) -> int:
    """End every open call of `user_id` (their account is being deleted)."""
    calls_open = open_calls_of(session, user_id, now)
    for call in calls_open:
        finish(session, call, rules.ENDED if call.status == rules.LIVE else rules.DECLINED, now, record=False)
    return len(calls_open)
