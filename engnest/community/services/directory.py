"""The room directory: rooms by name and tag, with member counts, activity, and the viewer's place in each.

Private rooms are listed (name, topic, tags, count: what is needed to ask to join), never their messages or members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from engnest.community.domain.rooms import search_terms
from engnest.community.models import Room, RoomInvite, RoomMember
from engnest.community.services.room_chat import unread_by_room
from engnest.platform.domain.timezones import ensure_aware_utc

PAGE = 50


@dataclass(frozen=True)
class RoomEntry:
    id: int
    name: str
    topic: str
    tags: tuple[str, ...]
    visibility: str
    member_count: int
    last_activity_at: dt.datetime
    role: str  # '' when not a member
    pending: str  # 'request' | 'invite' | ''
    unread: int


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _entries(session: Session, viewer_id: int, query: Select[Room, str, str]) -> list[RoomEntry]:
    rows = session.exec(query).all()
    unread = unread_by_room(session=session, user_id=viewer_id) if any(role for _, role, _ in rows) else {}
    return [
        RoomEntry(
            r.id or 0, r.name, r.topic, tuple(r.tags.split()), r.visibility, r.member_count, ensure_aware_utc(r.last_activity_at),
            role or "", kind or "", unread.get(r.id or 0, 0),
        )
        for r, role, kind in rows
    ]


def _with_viewer(viewer_id: int) -> Select[Room, str, str]:
    return (
        select(Room, RoomMember.role, RoomInvite.kind)
        .outerjoin(RoomMember, sa.and_(col(RoomMember.room_id) == col(Room.id), col(RoomMember.user_id) == viewer_id))
        .outerjoin(RoomInvite, sa.and_(col(RoomInvite.room_id) == col(Room.id), col(RoomInvite.user_id) == viewer_id))
    )


def search(*, session: Session, viewer_id: int, query: object = "", limit: int = PAGE) -> list[RoomEntry]:
    """Rooms whose name or tags contain every word of `query` (a tag matches whole), most active first."""
    q = _with_viewer(viewer_id)
    for word in search_terms(query):
        q = q.where(sa.or_(sa.func.lower(col(Room.name)).like(_like(word), escape="\\"), col(Room.tags).like(_like(f" {word} "), escape="\\")))
    return _entries(session, viewer_id, q.order_by(col(Room.last_activity_at).desc(), col(Room.id).desc()).limit(limit))


def room_entry(*, session: Session, viewer_id: int, room_id: int) -> RoomEntry | None:
    """One room as the directory shows it to the viewer (None: no such room)."""
    found = _entries(session, viewer_id, _with_viewer(viewer_id).where(Room.id == room_id))
    return found[0] if found else None
