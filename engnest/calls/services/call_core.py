"""What every call service shares: who may call whom, reading a call as a participant sees it, and finishing a call
(its status, the missed-call notification, the "ended" push, the hooks other features registered, e.g. the line in
the conversation). Changes are pushed after commit on TOPIC; the caller's unit of work commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engnest.calls.domain import call_rules as rules
from engnest.calls.domain import turn
from engnest.calls.models import Call, CallParticipant
from engnest.network.services import relations
from engnest.notifications.services.notifications import do_notify
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit
from engnest.platform.scheduler.timers import set_timer
from engnest.platform.settings import get_settings
from engnest.profiles.models import Profile

TOPIC = "call"
TIMER_KIND = "call_ring_out"  # the server-side end of a call nobody answered (platform.scheduler timer)
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
    meeting_id: int = 0  # an online meeting's room call (it waits for the other participant instead of ringing out)


@dataclass(frozen=True)
class FinishedCall:
    """A 1:1 call that just finished, for the features that record it (messaging's line in the conversation)."""

    call_id: int
    caller_id: int
    callee_id: int
    status: str
    media: str
    answered: bool
    seconds: int
    ended_at: dt.datetime


FinishedHook = Callable[[Session, FinishedCall], None]
_finished_hooks: list[FinishedHook] = []


def on_call_finished(fn: FinishedHook) -> None:
    """Run `fn` in the same transaction whenever a 1:1 call is finished (once per call)."""
    if fn not in _finished_hooks:
        _finished_hooks.append(fn)


@dataclass(frozen=True)
class RingOut:
    """The timer that writes down, on the server, a call nobody answered (even if every browser is gone)."""

    id: str
    kind: str
    subject_id: int
    run_at: dt.datetime


def plan_ring_out(session: Session, call_id: int, run_at: dt.datetime, what: str = "ring-out") -> None:
    """Write the call's timer row (in this transaction): at `run_at` the server settles the call, whoever is
    still connected. `what`: ring-out (nobody answered) or close (a live call nobody hung up)."""
    set_timer(session, RingOut(f"call:{call_id}:{what}", TIMER_KIND, call_id, run_at))


def refusal(*, session: Session, me: int, peer: int) -> str | None:
    """Why `me` may not call `peer` (None: allowed). A deleted account has no collaboration rows left, so it reads
    like a non-collaborator and ids cannot be probed."""
    reason = relations.contact_refusal(session=session, me=me, peer=peer)
    return {relations.SELF: SELF, relations.NOT_COLLABORATORS: NOT_COLLABORATORS, relations.BLOCKED: BLOCKED}.get(reason) if reason else None


def display_name(*, session: Session, user_id: int) -> str:
    profile = session.get(Profile, user_id)
    name = f"{profile.first_name} {profile.last_name}".strip() if profile else ""
    return name or "EngNest member"


def participants(session: Session, call_id: int) -> list[CallParticipant]:
    return list(session.exec(select(CallParticipant).where(CallParticipant.call_id == call_id).order_by(col(CallParticipant.id))))


def _open_rows_of(session: Session, user_id: int) -> list[Call]:
    return list(session.exec(
        select(Call).join(CallParticipant, col(CallParticipant.call_id) == Call.id)
        .where(CallParticipant.user_id == user_id, Call.status.in_(tuple(rules.OPEN)))  # type: ignore[attr-defined]
    ).all())


def status_now(call: Call, now: dt.datetime) -> str:
    """The call's status as of `now`, whether or not a call that rang out has been written down yet (no write)."""
    return rules.effective_status(
        call.status, created_at=call.created_at, answered_at=call.answered_at, now=now, rings_out=call.meeting_id is None
    )


def open_call_seen(session: Session, user_id: int, now: dt.datetime) -> Call | None:
    """The open call of `user_id` as of `now`, read only (checks use it; `do_*` settle what they saw)."""
    return next((call for call in _open_rows_of(session, user_id) if status_now(call, now) in rules.OPEN), None)


def open_calls_of(session: Session, user_id: int, now: dt.datetime) -> list[Call]:
    return [call for call in _open_rows_of(session, user_id) if settle(session, call, now) in rules.OPEN]


def settle(session: Session, call: Call, now: dt.datetime) -> str:
    """Write down a call that rang out (missed) the first time anyone looks at it; returns its status."""
    status = status_now(call, now)
    if status != call.status:
        finish(session, call, status, now)
    return call.status


def view(session: Session, call: Call, me: int) -> CallView | None:
    people = participants(session, call.id)  # type: ignore[arg-type]
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
        meeting_id=call.meeting_id or 0,
    )


def find_own(session: Session, call_id: object, me: int) -> tuple[Call, CallParticipant, CallParticipant]:
    """The call `call_id` with `me` and the other participant, or ValidationFailed (same message whether the call
    does not exist or is someone else's, so ids cannot be probed). Read only."""
    cid = call_id if isinstance(call_id, int) and not isinstance(call_id, bool) else None
    call = session.get(Call, cid) if cid and 0 < cid < 2**31 else None
    people = participants(session, cid) if call else []  # type: ignore[arg-type]
    mine = next((p for p in people if p.user_id == me), None)
    other = next((p for p in people if p.user_id != me), None)
    if call is None or mine is None or other is None:
        raise ValidationFailed(call=GONE)
    return call, mine, other


def own_call(session: Session, call_id: object, me: int, now: dt.datetime) -> tuple[Call, CallParticipant, CallParticipant]:
    """`find_own`, with a call that rang out written down as missed."""
    call, mine, other = find_own(session, call_id, me)
    settle(session, call, now)
    return call, mine, other


def push(session: Session, call: Call, kind: str, **extra: object) -> None:
    people = [p.user_id for p in participants(session, call.id)]  # type: ignore[arg-type]
    push_after_commit(session, people, TOPIC, {"kind": kind, "call": call.id, "status": call.status, **extra})


def finish(session: Session, call: Call, status: str, now: dt.datetime, *, record: bool = True) -> None:
    """Finish the call: status, end time, who left, the missed-call notification, the "ended" push, and (`record`)
    the hooks that record a 1:1 call (not when it ends because of a block or a deleted account)."""
    call.status, call.ended_at = status, now
    people = participants(session, call.id)  # type: ignore[arg-type]
    for p in people:
        if p.joined_at is not None and p.left_at is None:
            p.left_at = now
            session.add(p)
    session.add(call)
    if status == rules.MISSED:
        _notify_missed(session, call, people, now)
    push(session, call, "ended")
    callee = next((p.user_id for p in people if p.user_id != call.started_by), None)
    if record and len(people) == 2 and callee is not None:
        done = FinishedCall(
            call_id=call.id, caller_id=call.started_by, callee_id=callee, status=status, media=call.media,  # type: ignore[arg-type]
            answered=call.answered_at is not None, seconds=rules.duration_seconds(call.answered_at, now), ended_at=now,
        )
        for hook in list(_finished_hooks):
            hook(session, done)


def _notify_missed(session: Session, call: Call, people: list[CallParticipant], now: dt.datetime) -> None:
    caller_name = display_name(session=session, user_id=call.started_by)
    what = "video call" if call.media == "video" else "call"
    for p in people:
        if p.user_id != call.started_by:
            do_notify(
                session=session, user_id=p.user_id, kind="call_missed", title=f"Missed {what} from {caller_name}",
                now=now, link=routes.person_url(call.started_by), actor_id=call.started_by,
                dedupe_key=f"call:{call.id}:missed:{p.user_id}", subject_type="call", subject_id=call.id,
            )


# --- Reads --------------------------------------------------------------------------------------------------------


def call_view(*, session: Session, call_id: object, me: int, now: dt.datetime) -> CallView | None:
    """The call as `me` sees it, or None if it is not theirs."""
    try:
        call, _mine, _other = own_call(session, call_id, me, now)
    except ValidationFailed:
        return None
    return view(session, call, me)


def ice_config(*, user_id: int, call_id: int, now: dt.datetime) -> dict[str, object]:
    """What this participant's browser needs to connect: ICE servers (with a TURN credential of its own that expires
    after TURN_CREDENTIAL_SECONDS) and the transport policy."""
    settings = get_settings()
    credential = None
    if settings.turn_urls and settings.turn_secret:
        credential = turn.mint(settings.turn_secret, f"c{call_id}u{user_id}", now=now, ttl_seconds=settings.turn_credential_seconds)
    servers = turn.ice_servers(stun_urls=settings.stun_urls, turn_urls=settings.turn_urls, credential=credential)
    return {"iceServers": servers, "iceTransportPolicy": settings.ice_transport_policy}
