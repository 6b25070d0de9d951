"""Reading the moderation queue and the site audit. A room's owners and moderators see the open reports of their
rooms; site admins see every report (people reported outside rooms too) and the whole audit. Pages are keyset
(newest first, `before_id`), a constant number of queries each, whatever the size of the queue."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import moderation as rules
from engnest.community.domain import permissions as perm
from engnest.community.models import ModerationAction, Report, Room, RoomMember
from engnest.community.services import moderation_admins
from engnest.community.services.pseudonyms import shown_names
from engnest.community.services.report_targets import kind_of
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

PAGE = 20
NOT_A_MODERATOR = "Only room moderators and site admins have a moderation queue."
ADMINS_ONLY = "Only site admins can read the site audit."
MODERATING = (perm.OWNER, perm.MODERATOR)


@dataclass(frozen=True)
class QueueItem:
    id: int
    kind: str
    kind_label: str
    target_id: int
    reason: str  # its label
    note: str
    excerpt: str
    room_id: int | None
    room_name: str
    reporter: str  # as this moderator sees them (pseudonym unless met); never shown to the reported person
    reported: str
    reported_id: int | None
    created_at: dt.datetime
    reports: int = 1  # open reports on the same target in this page (one action closes them all)


@dataclass(frozen=True)
class QueuePage:
    items: list[QueueItem]
    has_more: bool
    is_admin: bool


def _not_about(viewer_id: int) -> sa.ColumnElement[bool]:
    return sa.or_(col(Report.target_user_id).is_(None), col(Report.target_user_id) != viewer_id)


def moderated_room_ids(session: Session, user_id: int) -> list[int]:
    return list(session.exec(select(col(RoomMember.room_id)).where(col(RoomMember.user_id) == user_id, col(RoomMember.role).in_(MODERATING))).all())


def may_see_queue(*, session: Session, user_id: int) -> bool:
    return moderation_admins.is_admin(session=session, user_id=user_id) or bool(moderated_room_ids(session, user_id))


def queue(*, session: Session, viewer_id: int, before_id: int | None = None, limit: int = PAGE) -> QueuePage:
    """Open reports the viewer may handle, newest first. Never a report about the viewer: a moderator (or admin)
    who is reported does not see it, so the reported person never learns who reported them."""
    admin = moderation_admins.is_admin(session=session, user_id=viewer_id)
    query = select(Report, col(Room.name)).outerjoin(Room, col(Room.id) == col(Report.room_id)).where(col(Report.status) == "open", _not_about(viewer_id))
    if not admin:
        mine = select(col(RoomMember.room_id)).where(col(RoomMember.user_id) == viewer_id, col(RoomMember.role).in_(MODERATING))
        query = query.where(col(Report.room_id).in_(mine))
        if not moderated_room_ids(session, viewer_id):
            raise ValidationFailed(form=NOT_A_MODERATOR)
    if before_id is not None:
        query = query.where(col(Report.id) < before_id)
    rows = session.exec(query.order_by(col(Report.id).desc()).limit(limit + 1)).all()
    rows, more = rows[:limit], len(rows) > limit
    people = {r.reporter_id for r, _ in rows if r.reporter_id} | {r.target_user_id for r, _ in rows if r.target_user_id}
    names = shown_names(session=session, viewer_id=viewer_id, user_ids=people)

    def name(uid: int | None) -> str:
        return names[uid].name if uid in names else "Deleted account"

    items: list[QueueItem] = []
    seen: dict[tuple[str, int], int] = {}
    for r, room_name in rows:
        spec, target = kind_of(r.target_kind), (r.target_kind, r.target_id)
        if target in seen:  # the newest report on a target stands for it; the count says how many
            i = seen[target]
            items[i] = dataclasses.replace(items[i], reports=items[i].reports + 1)
            continue
        seen[target] = len(items)
        items.append(QueueItem(
            r.id or 0, r.target_kind, spec.label if spec else r.target_kind, r.target_id, rules.REASONS.get(r.reason, r.reason), r.note,
            r.excerpt, r.room_id, room_name or "", name(r.reporter_id), name(r.target_user_id), r.target_user_id, ensure_aware_utc(r.created_at),
        ))
    return QueuePage(items, more, admin)


def open_count(*, session: Session, viewer_id: int) -> int:
    """Open reports in the viewer's queue (the nav badge); 0 for people with no queue."""
    query = select(sa.func.count()).select_from(Report).where(Report.status == "open", _not_about(viewer_id))
    if not moderation_admins.is_admin(session=session, user_id=viewer_id):
        query = query.where(col(Report.room_id).in_(select(col(RoomMember.room_id)).where(col(RoomMember.user_id) == viewer_id, col(RoomMember.role).in_(MODERATING))))
    return session.exec(query).one()


@dataclass(frozen=True)
class AuditLine:
    id: int
    room_id: int | None
    room_name: str
    actor: str
    action: str
    target: str
    reason: str
    detail: str
    created_at: dt.datetime


def site_audit(*, session: Session, viewer_id: int, before_id: int | None = None, limit: int = 50) -> tuple[list[AuditLine], bool]:
    """Every moderation action on the site, newest first (site admins only)."""
    if not moderation_admins.is_admin(session=session, user_id=viewer_id):
        raise ValidationFailed(form=ADMINS_ONLY)
    query = select(ModerationAction, col(Room.name)).outerjoin(Room, col(Room.id) == col(ModerationAction.room_id))
    if before_id is not None:
        query = query.where(col(ModerationAction.id) < before_id)
    rows = session.exec(query.order_by(col(ModerationAction.id).desc()).limit(limit + 1)).all()
    rows, more = rows[:limit], len(rows) > limit
    people = {a.actor_id for a, _ in rows if a.actor_id} | {a.target_user_id for a, _ in rows if a.target_user_id}
    names = shown_names(session=session, viewer_id=viewer_id, user_ids=people)
    lines = [
        AuditLine(a.id or 0, a.room_id, room or "", names[a.actor_id].name if a.actor_id in names else ("the admin CLI" if a.room_id is None else "—"),
                  a.action, names[a.target_user_id].name if a.target_user_id in names else "", a.reason, a.detail, ensure_aware_utc(a.created_at))
        for a, room in rows
    ]
    return lines, more
