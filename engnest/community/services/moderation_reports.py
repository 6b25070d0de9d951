"""Acting on a report: dismiss it, remove the content, warn the person, mute them in the room, ban them from the
room, or (site admins) suspend the account for a number of days with a reason. The rules are the domain's
`resolution_problem`; each action closes every open report on the same target, writes one audit row, and tells
the person what happened and why (never who reported them: warnings and suspensions carry no actor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import moderation as rules
from engnest.community.domain.moderation import Resolution
from engnest.community.models import Report, Room, RoomBan, RoomInvite, RoomMember, Suspension
from engnest.community.services import moderation_admins
from engnest.community.services.moderation_gate import ends_text
from engnest.community.services.report_targets import Target, kind_of
from engnest.community.services.reports import TOPIC, queue_watchers
from engnest.community.services.rooms import audit, drop_member, membership, role_of, tell
from engnest.notifications.services.notifications import do_notify
from engnest.platform import events, routes
from engnest.platform.domain.errors import Conflict, ValidationFailed

NO_REPORT = "That report is not open any more."
MUTE_HOURS = 24
WARNED, SUSPENDED, BANNED = "moderation_warning", "account_suspended", "room_ban"


@dataclass(frozen=True)
class Resolve:
    report_id: int
    actor_id: int
    resolution: Resolution
    target: Target
    room_name: str
    conversation_id: int | None
    message: str  # to the person (warning's words, suspension's reason); "" for the others
    days: int


def check_resolve(*, session: Session, actor_id: int, report_id: object, action: object, message: object = "", days: object = None) -> Resolve:
    resolution = rules.check_resolution(action)
    report = session.get(Report, report_id) if isinstance(report_id, int) and not isinstance(report_id, bool) else None
    if report is None or report.status != "open" or report.id is None:
        raise ValidationFailed(form=NO_REPORT)
    admin = moderation_admins.is_admin(session=session, user_id=actor_id)
    room_role, conversation_id, room_name = None, None, ""
    if report.room_id is not None:
        found = membership(session=session, room_id=report.room_id, user_id=actor_id)
        room_role, conversation_id = found.role, found.conversation_id
        room_name = session.exec(select(Room.name).where(Room.id == report.room_id)).one()
    target_role = role_of(session=session, room_id=report.room_id, user_id=report.target_user_id) \
        if report.room_id is not None and report.target_user_id is not None else None
    case = rules.ReportCase(report.target_kind, report.room_id is not None, report.target_user_id, target_role)
    problem = rules.resolution_problem(actor_id=actor_id, actor_room_role=room_role, is_admin=admin, case=case, resolution=resolution)
    if problem:
        if problem == rules.NOT_YOURS:  # the same answer as for a report that does not exist
            raise ValidationFailed(form=NO_REPORT)
        raise ValidationFailed(form=problem)
    text = rules.check_message_to_person(message, required=resolution in (Resolution.WARN, Resolution.SUSPEND))
    span = rules.check_days(days) if resolution == Resolution.SUSPEND else 0
    target = Target(report.target_kind, report.target_id, report.target_user_id or 0, report.room_id, report.excerpt)
    return Resolve(report.id, actor_id, resolution, target, room_name, conversation_id, text, span)


def do_resolve(*, session: Session, request: Resolve, now: dt.datetime) -> int:
    """Close the target's open reports and take the action; returns how many reports it closed. The report is
    claimed first (an update of an open row, which waits for a parallel claim to commit), so two moderators
    acting on it at once act once: the second gets `Conflict`."""
    t, r = request.target, request.resolution
    done = {"status": "dismissed" if r == Resolution.DISMISS else "actioned", "resolution": r.value, "handled_by": request.actor_id, "handled_at": now}
    claimed = session.exec(sa.update(Report).where(col(Report.id) == request.report_id, col(Report.status) == "open").values(**done)).rowcount
    if not claimed:
        raise Conflict(form=NO_REPORT)
    others = session.exec(sa.update(Report).where(col(Report.target_kind) == t.kind, col(Report.target_id) == t.id, col(Report.status) == "open").values(**done)).rowcount
    reason = request.message or r.value
    if r == Resolution.REMOVE:
        spec = kind_of(t.kind)
        if spec is not None and spec.remove is not None:
            spec.remove(session, t, request.actor_id, now)
        audit(session, room_id=t.room_id, actor_id=request.actor_id, action=f"remove_{t.kind}", target_user_id=t.author_id or None,
              target_message_id=t.id if t.kind == "message" else None, reason=reason, detail=t.excerpt, now=now)
    elif r == Resolution.WARN:
        _tell_person(session, t.author_id, WARNED, "A moderator warned you", request.message, request.room_name, now)
        audit(session, room_id=t.room_id, actor_id=request.actor_id, action="warn", target_user_id=t.author_id, reason=reason, now=now)
    elif r == Resolution.MUTE and t.room_id is not None:
        until = now + dt.timedelta(hours=MUTE_HOURS)
        session.exec(sa.update(RoomMember).where(col(RoomMember.room_id) == t.room_id, col(RoomMember.user_id) == t.author_id).values(muted_until=until))
        audit(session, room_id=t.room_id, actor_id=request.actor_id, action="mute", target_user_id=t.author_id, reason=reason, detail=f"{MUTE_HOURS * 60} minutes", now=now)
        tell(session, t.room_id, {"kind": "members"})
    elif r == Resolution.BAN and t.room_id is not None:
        do_ban(session=session, room_id=t.room_id, user_id=t.author_id, actor_id=request.actor_id, reason=request.message, now=now)
        _tell_person(session, t.author_id, BANNED, f"You were removed from the room {request.room_name}", request.message, "", now)
    elif r == Resolution.SUSPEND:
        ends = now + dt.timedelta(days=request.days)
        session.add(Suspension(user_id=t.author_id, ends_at=ends, reason=request.message, by_id=request.actor_id, created_at=now))
        _tell_person(session, t.author_id, SUSPENDED, f"Your account is suspended until {ends_text(ends)}", request.message, "", now)
        audit(session, room_id=None, actor_id=request.actor_id, action="suspend", target_user_id=t.author_id, reason=request.message,
              detail=f"{request.days} days, until {ends_text(ends)}", now=now)
    else:
        audit(session, room_id=t.room_id, actor_id=request.actor_id, action="dismiss_report", target_user_id=t.author_id or None, detail=t.excerpt, now=now)
    events.push_after_commit(session, queue_watchers(session=session, room_id=t.room_id), TOPIC, {"kind": "reports"})
    return int(claimed) + int(others)


def _tell_person(session: Session, user_id: int, kind: str, title: str, words: str, room_name: str, now: dt.datetime) -> None:
    """The notification the reported person gets: what happened and why, with no actor and no reporter."""
    body = " ".join(p for p in (f"In the room {room_name}." if room_name else "", words) if p)
    do_notify(session=session, user_id=user_id, kind=kind, title=title, body=body, link=routes.ROOMS, now=now)


def do_ban(*, session: Session, room_id: int, user_id: int, actor_id: int, reason: str, now: dt.datetime) -> None:
    """Ban from the room (until lifted): out of the room, invitations and requests gone, cannot come back."""
    try:
        with session.begin_nested():
            session.add(RoomBan(room_id=room_id, user_id=user_id, reason=reason[:280], by_id=actor_id, created_at=now))
            session.flush()
    except sa.exc.IntegrityError:
        return
    found = membership(session=session, room_id=room_id, user_id=user_id)
    tell(session, room_id, {"kind": "members"})  # the banned person's tabs too (queued before they leave)
    drop_member(session, found, user_id)
    session.exec(sa.delete(RoomInvite).where(col(RoomInvite.room_id) == room_id, col(RoomInvite.user_id) == user_id))
    audit(session, room_id=room_id, actor_id=actor_id, action="ban", target_user_id=user_id, reason=reason, now=now)
