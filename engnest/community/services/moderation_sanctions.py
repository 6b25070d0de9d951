"""Standing sanctions and lifting them: room bans (lifted by the room's owners and moderators, or a site admin)
and account suspensions (lifted by a site admin before their end). Both are audited; a lifted suspension is
kept, with the time it was lifted, and the person is told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import permissions as perm
from engnest.community.models import Room, RoomBan, RoomMember, Suspension
from engnest.community.services import moderation_admins
from engnest.community.services.moderation_gate import ends_text
from engnest.community.services.moderation_reports import SUSPENDED
from engnest.community.services.pseudonyms import shown_names
from engnest.community.services.rooms import audit
from engnest.notifications.services.notifications import do_notify
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

NO_BAN = "That ban is not in a room you moderate."
NO_SUSPENSION = "That suspension is not in force."
ADMINS_ONLY = "Only site admins can lift a suspension."
MODERATING = (perm.OWNER, perm.MODERATOR)


@dataclass(frozen=True)
class Sanction:
    id: int
    user_id: int
    person: str  # as the viewer sees them
    room_id: int | None
    room_name: str
    reason: str
    until: dt.datetime | None  # a suspension's end; None for a ban (until lifted)
    since: dt.datetime


def _id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def bans(*, session: Session, viewer_id: int, limit: int = 100) -> list[Sanction]:
    """Bans in the rooms the viewer moderates (every room for a site admin), newest first."""
    query = select(RoomBan, col(Room.name)).join(Room, col(Room.id) == col(RoomBan.room_id))
    if not moderation_admins.is_admin(session=session, user_id=viewer_id):
        query = query.where(col(RoomBan.room_id).in_(select(col(RoomMember.room_id)).where(col(RoomMember.user_id) == viewer_id, col(RoomMember.role).in_(MODERATING))))
    rows = session.exec(query.order_by(col(RoomBan.id).desc()).limit(limit)).all()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={b.user_id for b, _ in rows})
    return [Sanction(b.id or 0, b.user_id, names[b.user_id].name, b.room_id, room, b.reason, None, ensure_aware_utc(b.created_at)) for b, room in rows]


def suspensions(*, session: Session, viewer_id: int, now: dt.datetime, limit: int = 100) -> list[Sanction]:
    """Suspensions in force (site admins only; [] for anyone else), ending soonest first."""
    if not moderation_admins.is_admin(session=session, user_id=viewer_id):
        return []
    rows = session.exec(select(Suspension).where(col(Suspension.lifted_at).is_(None), col(Suspension.ends_at) > now).order_by(col(Suspension.ends_at)).limit(limit)).all()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={r.user_id for r in rows})
    return [Sanction(r.id or 0, r.user_id, names[r.user_id].name, None, "", r.reason, ensure_aware_utc(r.ends_at), ensure_aware_utc(r.created_at)) for r in rows]


@dataclass(frozen=True)
class Lift:
    id: int
    actor_id: int
    user_id: int
    room_id: int | None


def check_unban(*, session: Session, actor_id: int, ban_id: object) -> Lift:
    ban = session.get(RoomBan, _id(ban_id)) if _id(ban_id) else None
    if ban is None or ban.id is None:
        raise ValidationFailed(form=NO_BAN)
    role = session.exec(select(RoomMember.role).where(RoomMember.room_id == ban.room_id, RoomMember.user_id == actor_id)).first()
    if role not in MODERATING and not moderation_admins.is_admin(session=session, user_id=actor_id):
        raise ValidationFailed(form=NO_BAN)
    return Lift(ban.id, actor_id, ban.user_id, ban.room_id)


def do_unban(*, session: Session, request: Lift, now: dt.datetime) -> bool:
    gone = session.exec(sa.delete(RoomBan).where(col(RoomBan.id) == request.id)).rowcount
    if gone:
        audit(session, room_id=request.room_id, actor_id=request.actor_id, action="unban", target_user_id=request.user_id, now=now)
    return bool(gone)


def check_lift_suspension(*, session: Session, actor_id: int, suspension_id: object, now: dt.datetime) -> Lift:
    if not moderation_admins.is_admin(session=session, user_id=actor_id):
        raise ValidationFailed(form=ADMINS_ONLY)
    row = session.get(Suspension, _id(suspension_id)) if _id(suspension_id) else None
    if row is None or row.id is None or row.lifted_at is not None or ensure_aware_utc(row.ends_at) <= now:
        raise ValidationFailed(form=NO_SUSPENSION)
    return Lift(row.id, actor_id, row.user_id, None)


def do_lift_suspension(*, session: Session, request: Lift, now: dt.datetime) -> bool:
    """Lift it now (kept, with `lifted_at`); the person is told. False if it was lifted in between."""
    lifted = session.exec(sa.update(Suspension).where(col(Suspension.id) == request.id, col(Suspension.lifted_at).is_(None)).values(lifted_at=now)).rowcount
    if lifted:
        audit(session, room_id=None, actor_id=request.actor_id, action="lift_suspension", target_user_id=request.user_id, detail=f"at {ends_text(now)}", now=now)
        do_notify(session=session, user_id=request.user_id, kind=SUSPENDED, title="Your suspension was lifted", body="You can take part again.",
                  link=routes.ROOMS, now=now)
    return bool(lifted)
