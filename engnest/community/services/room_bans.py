"""Whether someone is banned from a room (read by joining, asking and inviting; written by moderation_reports).
Kept apart from the writers so `rooms` can read it without an import cycle."""

from __future__ import annotations

from sqlmodel import Session, select

from engnest.community.models import RoomBan
from engnest.platform.domain.errors import ValidationFailed

BANNED = "You cannot join this room: its moderators removed you."
THEY_ARE_BANNED = "That person is banned from this room: lift the ban first."


def is_banned(*, session: Session, room_id: int, user_id: int) -> bool:
    return session.exec(select(RoomBan.id).where(RoomBan.room_id == room_id, RoomBan.user_id == user_id)).first() is not None


def refuse_if_banned(*, session: Session, room_id: int, user_id: int, message: str = BANNED) -> None:
    if is_banned(session=session, room_id=room_id, user_id=user_id):
        raise ValidationFailed(form=message)
