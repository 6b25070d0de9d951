"""The report targets of rooms: a room message (its author, its room) and a person (in a room both are in, or
a collaborator). Registered with report_targets by community.wiring at start-up."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.community.models import Room, RoomMember
from engnest.community.services.report_targets import Target, TargetKind, register_target
from engnest.community.services.rooms import tell
from engnest.messaging.domain.messages import preview
from engnest.messaging.models import Message
from engnest.network.services.relations import collaborator_ids


def _in_room(session: Session, room_id: int, user_id: int) -> bool:
    return session.exec(select(RoomMember.id).where(RoomMember.room_id == room_id, RoomMember.user_id == user_id)).first() is not None


def resolve_message(session: Session, reporter_id: int, message_id: int, _room_id: int | None) -> Target | None:
    """A message of a room the reporter is a member of, written by someone else."""
    row = session.exec(
        select(col(Message.sender_id), col(Message.body), col(Room.id)).join(Room, col(Room.conversation_id) == col(Message.conversation_id)).where(col(Message.id) == message_id)
    ).first()
    if row is None:
        return None
    sender_id, body, room_id = row
    if sender_id == reporter_id or room_id is None or not _in_room(session, room_id, reporter_id):
        return None
    return Target("message", message_id, sender_id, room_id, preview(body, 280))


def remove_message(session: Session, target: Target, actor_id: int, now: dt.datetime) -> None:
    gone = session.exec(sa.delete(Message).where(col(Message.id) == target.id)).rowcount
    if gone and target.room_id is not None:
        tell(session, target.room_id, {"kind": "removed", "id": target.id})


def resolve_person(session: Session, reporter_id: int, user_id: int, room_id: int | None) -> Target | None:
    """Someone else the reporter meets in the community: in the room given (both members), or a collaborator
    (then no room: site admins handle it)."""
    if user_id == reporter_id or session.get(User, user_id) is None:
        return None
    if room_id is not None and _in_room(session, room_id, reporter_id) and _in_room(session, room_id, user_id):
        return Target("person", user_id, user_id, room_id, "")
    if user_id in collaborator_ids(session=session, user_id=reporter_id):
        return Target("person", user_id, user_id, None, "")
    return None


def register() -> None:
    """Called by community.wiring at start-up (loading twice changes nothing)."""
    register_target("message", TargetKind("Room message", resolve_message, remove_message))
    register_target("person", TargetKind("Person", resolve_person, None))
