"""Calls between collaborators: start, accept, decline, hang up, and relay signalling between the two browsers.

Every function re-checks, from the database, that the acting user is a participant of a call that is still open and
that the two are still collaborators with no block either way; nothing is relayed otherwise. Changes are pushed
after commit on TOPIC (the caller's unit of work commits). Media never passes through the server."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.calls.domain import call_rules as rules
from engnest.calls.domain import turn
from engnest.calls.models import Call, CallParticipant
from engnest.network.models import Block, Collaboration
from engnest.notifications.services.notifications import do_notify
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit
from engnest.platform.settings import get_settings
from engnest.profiles.models import Profile

TOPIC = "call"
NOT_COLLABORATORS = "You can call someone once a meeting between you has been accepted."
BLOCKED = "You cannot call this person."
SELF = "You cannot call yourself."
BUSY_ME = "You are already in a call."
BUSY_PEER = "They are in another call. Try again in a moment."
GONE = "This call has ended."
BAD_MEDIA = "Choose a video or an audio call."
BAD_SIGNAL = "That is not a call message."


@dataclass(frozen=True)
class CallView:
    """One call as `me` sees it."""

    id: int
    media: str
    status: str
    role: str  # "caller" | "callee"
    peer_id: int
    peer_name: str
    summary: str


def refusal(*, session: Session, me: int, peer: int) -> str | None:
    """Why `me` may not call `peer` (None: allowed). A deleted account has no collaboration rows left, so it reads
    like a non-collaborator and ids cannot be probed."""
    if me == peer:
        return SELF
    low, high = (me, peer) if me < peer else (peer, me)
    collaborators = select(Collaboration.id).where(Collaboration.user_low_id == low, Collaboration.user_high_id == high).exists()
    blocked = select(Block.id).where(
        sa.or_(sa.and_(Block.blocker_id == me, Block.blocked_id == peer), sa.and_(Block.blocker_id == peer, Block.blocked_id == me))
    ).exists()
    are_collaborators, is_blocked = session.exec(select(collaborators, blocked)).one()
    if not are_collaborators:
        return NOT_COLLABORATORS
    if is_blocked:
        return BLOCKED
    return None


def display_name(*, session: Session, user_id: int) -> str:
    profile = session.get(Profile, user_id)
    name = f"{profile.first_name} {profile.last_name}".strip() if profile else ""
    return name or "EngNest member"


def _participants(session: Session, call_id: int) -> list[CallParticipant]:
    return list(session.exec(select(CallParticipant).where(CallParticipant.call_id == call_id).order_by(CallParticipant.id)))


def _open_rows_of(session: Session, user_id: int) -> list[Call]:
    return list(session.exec(
        select(Call).join(CallParticipant, CallParticipant.call_id == Call.id)
        .where(CallParticipant.user_id == user_id, Call.status.in_(tuple(rules.OPEN)))  # type: ignore[attr-defined]
    ).all())


def _status_now(call: Call, now: dt.datetime) -> str:
    """The call's status as of `now`, whether or not a call that rang out has been written down yet (no write)."""
    return rules.effective_status(call.status, created_at=call.created_at, answered_at=call.answered_at, now=now)


def _open_call_seen(session: Session, user_id: int, now: dt.datetime) -> Call | None:
    """The open call of `user_id` as of `now`, read only (checks use it; `do_*` settle what they saw)."""
    return next((call for call in _open_rows_of(session, user_id) if _status_now(call, now) in rules.OPEN), None)


def _open_calls_of(session: Session, user_id: int, now: dt.datetime) -> list[Call]:
    return [call for call in _open_rows_of(session, user_id) if _settle(session, call, now) in rules.OPEN]


def _settle(session: Session, call: Call, now: dt.datetime) -> str:
    """Write down a call that rang out (missed) the first time anyone looks at it; returns its status."""
    status = _status_now(call, now)
    if status != call.status:
        _finish(session, call, status, now)
    return call.status


def _view(session: Session, call: Call, me: int) -> CallView | None:
    people = _participants(session, call.id)  # type: ignore[arg-type]
    mine = next((p for p in people if p.user_id == me), None)
    other = next((p for p in people if p.user_id != me), None)
    if mine is None or other is None:
        return None
    seconds = rules.duration_seconds(call.answered_at, call.ended_at)
    return CallView(
        id=call.id,  # type: ignore[arg-type]
        media=call.media,
        status=call.status,
        role=mine.role,
        peer_id=other.user_id,
        peer_name=display_name(session=session, user_id=other.user_id),
        summary=rules.summary(call.status, call.media, seconds=seconds, mine=call.started_by == me),
    )


def _find_own(session: Session, call_id: object, me: int) -> tuple[Call, CallParticipant, CallParticipant]:
    """The call `call_id` with `me` and the other participant, or ValidationFailed (same message whether the call
    does not exist or is someone else's, so ids cannot be probed). Read only."""
    cid = call_id if isinstance(call_id, int) and not isinstance(call_id, bool) else None
    call = session.get(Call, cid) if cid and 0 < cid < 2**31 else None
    people = _participants(session, cid) if call else []
    mine = next((p for p in people if p.user_id == me), None)
    other = next((p for p in people if p.user_id != me), None)
    if call is None or mine is None or other is None:
        raise ValidationFailed(call=GONE)
    return call, mine, other


def _own_call(session: Session, call_id: object, me: int, now: dt.datetime) -> tuple[Call, CallParticipant, CallParticipant]:
    """`_find_own`, with a call that rang out written down as missed."""
    call, mine, other = _find_own(session, call_id, me)
    _settle(session, call, now)
    return call, mine, other


def _push(session: Session, call: Call, kind: str, **extra: object) -> None:
    people = [p.user_id for p in _participants(session, call.id)]  # type: ignore[arg-type]
    push_after_commit(session, people, TOPIC, {"kind": kind, "call": call.id, "status": call.status, **extra})


def _finish(session: Session, call: Call, status: str, now: dt.datetime) -> None:
    call.status, call.ended_at = status, now
    for p in _participants(session, call.id):  # type: ignore[arg-type]
        if p.joined_at is not None and p.left_at is None:
            p.left_at = now
    session.add(call)
    if status == rules.MISSED:
        _notify_missed(session, call, now)
    _push(session, call, "ended")


def _notify_missed(session: Session, call: Call, now: dt.datetime) -> None:
    caller_name = display_name(session=session, user_id=call.started_by)
    what = "video call" if call.media == "video" else "call"
    for p in _participants(session, call.id):  # type: ignore[arg-type]
        if p.user_id != call.started_by:
            do_notify(
                session=session, user_id=p.user_id, kind="call_missed", title=f"Missed {what} from {caller_name}",
                now=now, link=routes.person_url(call.started_by), actor_id=call.started_by,
                dedupe_key=f"call:{call.id}:missed:{p.user_id}", subject_type="call", subject_id=call.id,
            )


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
    mine = _open_call_seen(session, caller_id, now)
    if mine is not None and _status_now(mine, now) == rules.RINGING:
        raise ValidationFailed(call=BUSY_ME)
    if _open_call_seen(session, callee, now) is not None:
        raise ValidationFailed(call=BUSY_PEER)
    return StartCall(caller_id=caller_id, callee_id=callee, media=str(media), leftover_call_id=mine.id if mine else None)


def do_start_call(*, session: Session, request: StartCall, now: dt.datetime) -> CallView:
    """Ring the callee (every open tab of theirs, on any worker); calls of either that rang out are written down."""
    _open_calls_of(session, request.caller_id, now)
    _open_calls_of(session, request.callee_id, now)
    leftover = session.get(Call, request.leftover_call_id) if request.leftover_call_id else None
    if leftover is not None and leftover.status in rules.OPEN:
        _finish(session, leftover, rules.ENDED, now)
    call = Call(started_by=request.caller_id, media=request.media, status=rules.RINGING, created_at=now)
    session.add(call)
    session.flush()
    session.add(CallParticipant(call_id=call.id, user_id=request.caller_id, role="caller", joined_at=now))
    session.add(CallParticipant(call_id=call.id, user_id=request.callee_id, role="callee"))
    session.flush()
    push_after_commit(session, [request.callee_id], TOPIC, {"kind": "ring", "call": call.id, "to": request.callee_id})
    view = _view(session, call, request.caller_id)
    assert view is not None
    return view


def start_call(*, session: Session, caller_id: int, callee_id: object, media: object, now: dt.datetime) -> CallView:
    """`caller_id` rings `callee_id`."""
    request = check_start_call(session=session, caller_id=caller_id, callee_id=callee_id, media=media, now=now)
    return do_start_call(session=session, request=request, now=now)


def check_accept(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallAction:
    """May `me` answer: the callee, while it still rings, and the two may still call each other."""
    call, mine, other = _find_own(session, call_id, me)
    if _status_now(call, now) != rules.RINGING or mine.role != "callee":
        raise ValidationFailed(call=GONE)
    reason = refusal(session=session, me=me, peer=other.user_id)
    return CallAction(call_id=call.id, me=me, refused=reason)  # type: ignore[arg-type]


def do_accept(*, session: Session, request: CallAction, now: dt.datetime) -> CallView:
    """Answer (or, `refused`, decline: the two may no longer call each other)."""
    call, mine, _other = _find_own(session, request.call_id, request.me)
    if request.refused:
        _finish(session, call, rules.DECLINED, now)
        return _view(session, call, request.me)  # type: ignore[return-value]
    call.status, call.answered_at, mine.joined_at = rules.LIVE, now, now
    session.add(call)
    session.add(mine)
    _push(session, call, "accepted", by=request.me)
    return _view(session, call, request.me)  # type: ignore[return-value]


def accept(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView:
    request = check_accept(session=session, call_id=call_id, me=me, now=now)
    view = do_accept(session=session, request=request, now=now)
    if request.refused:
        raise ValidationFailed(call=request.refused)
    return view


def check_hang_up(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallAction:
    """Either participant may hang up, at any time (an ended call stays as it is)."""
    call, _mine, _other = _find_own(session, call_id, me)
    return CallAction(call_id=call.id, me=me)  # type: ignore[arg-type]


def do_hang_up(*, session: Session, request: CallAction, now: dt.datetime) -> CallView:
    """End the call from either side: a live call ends (with its duration); a ringing one is declined by the
    callee, or missed when the caller gives up. Hanging up an ended call changes nothing."""
    call, mine, _other = _own_call(session, request.call_id, request.me, now)
    if call.status == rules.LIVE:
        _finish(session, call, rules.ENDED, now)
    elif call.status == rules.RINGING:
        _finish(session, call, rules.DECLINED if mine.role == "callee" else rules.MISSED, now)
    return _view(session, call, request.me)  # type: ignore[return-value]


def hang_up(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView:
    return do_hang_up(session=session, request=check_hang_up(session=session, call_id=call_id, me=me, now=now), now=now)


def check_signal(*, session: Session, call_id: object, me: int, kind: object, data: object, now: dt.datetime) -> RelaySignal:
    """A signalling message (offer, answer, ICE candidate, mute state) is relayed to the other participant only
    while the call is live and the two may still call each other."""
    size = len(json.dumps(data)) if isinstance(data, dict) else 0
    signal = rules.parse_signal(kind, data, size=size)
    if signal is None:
        raise ValidationFailed(call=BAD_SIGNAL)
    call, _mine, other = _find_own(session, call_id, me)
    if _status_now(call, now) != rules.LIVE:
        raise ValidationFailed(call=GONE)
    reason = refusal(session=session, me=me, peer=other.user_id)
    return RelaySignal(
        call_id=call.id, me=me, to_user_id=other.user_id, type=signal.type, data=signal.data, refused=reason,  # type: ignore[arg-type]
    )


def do_signal(*, session: Session, request: RelaySignal, now: dt.datetime) -> None:
    """Relay (or, `refused`, end the call instead: a block or a lost collaboration ends it)."""
    if request.refused:
        call, _mine, _other = _find_own(session, request.call_id, request.me)
        _finish(session, call, rules.ENDED, now)
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
    for call in _open_calls_of(session, a, now):
        if any(p.user_id == b for p in _participants(session, call.id)):  # type: ignore[arg-type]
            _finish(session, call, rules.ENDED if call.status == rules.LIVE else rules.DECLINED, now)
            ended += 1
    return ended


def do_end_calls_of(*, session: Session, user_id: int, now: dt.datetime) -> int:
    """End every open call of `user_id` (their account is being deleted)."""
    calls_open = _open_calls_of(session, user_id, now)
    for call in calls_open:
        _finish(session, call, rules.ENDED if call.status == rules.LIVE else rules.DECLINED, now)
    return len(calls_open)


# --- Reads --------------------------------------------------------------------------------------------------------


def call_view(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView | None:
    """The call as `me` sees it, or None if it is not theirs."""
    try:
        call, _mine, _other = _own_call(session, call_id, me, now)
    except ValidationFailed:
        return None
    return _view(session, call, me)


def ice_config(*, user_id: int, call_id: int, now: dt.datetime) -> dict[str, object]:
    """What this participant's browser needs to connect: ICE servers (with a TURN credential of its own that expires
    after TURN_CREDENTIAL_SECONDS) and the transport policy."""
    settings = get_settings()
    credential = None
    if settings.turn_urls and settings.turn_secret:
        credential = turn.mint(settings.turn_secret, f"c{call_id}u{user_id}", now=now, ttl_seconds=settings.turn_credential_seconds)
    servers = turn.ice_servers(stun_urls=settings.stun_urls, turn_urls=settings.turn_urls, credential=credential)
    return {"iceServers": servers, "iceTransportPolicy": settings.ice_transport_policy}
