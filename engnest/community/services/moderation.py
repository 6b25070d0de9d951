"""Moderation in a room: remove a message, mute a member for a while, remove a member. Each action is checked
against the permission table (and the target's role), writes one audit row, and tells the members' tabs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain.permissions import Action
from engnest.community.models import ModerationAction, RoomMember
from engnest.community.services.rooms import NOT_A_MEMBER, Membership, audit, drop_member, require, role_of, tell
from engnest.messaging.domain.messages import preview
from engnest.messaging.models import Message
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean

MUTE_MINUTES = (10, 60, 24 * 60, 7 * 24 * 60)
NO_MESSAGE = "That message is not in this room."


def _reason(value: object) -> str:
    return " ".join(clean(value).split())[:280] if isinstance(value, str) else ""


@dataclass(frozen=True)
class RemoveMessage:
    actor: Membership
    message_id: int
    sender_id: int
    body: str
    reason: str


def check_remove_message(*, session: Session, actor_id: int, room_id: object, message_id: object, reason: object = "") -> RemoveMessage:
    actor = require(session=session, room_id=room_id, user_id=actor_id, action=Action.REMOVE_MESSAGE)
    row = session.exec(select(Message).where(Message.id == message_id, Message.conversation_id == actor.conversation_id)).first() \
        if isinstance(message_id, int) else None
    if row is None or row.id is None:
        raise ValidationFailed(form=NO_MESSAGE)
    return RemoveMessage(actor, row.id, row.sender_id, row.body, _reason(reason))


def do_remove_message(*, session: Session, request: RemoveMessage, now: dt.datetime) -> None:
    """The message is deleted; the audit keeps who wrote it, who removed it, and a preview for admins."""
    session.execute(sa.delete(Message).where(col(Message.id) == request.message_id))
    audit(session, room_id=request.actor.room_id, actor_id=request.actor.user_id, action="remove_message", now=now,
          target_user_id=request.sender_id, target_message_id=request.message_id, reason=request.reason, detail=preview(request.body, 200))
    tell(session, request.actor.room_id, {"kind": "removed", "id": request.message_id})


@dataclass(frozen=True)
class OnMember:
    actor: Membership
    user_id: int
    minutes: int
    reason: str


def _on_member(session: Session, actor_id: int, room_id: object, user_id: object, action: Action, reason: object, minutes: int = 0) -> OnMember:
    found = require(session=session, room_id=room_id, user_id=actor_id, action=action)
    target = role_of(session=session, room_id=found.room_id, user_id=user_id) if isinstance(user_id, int) else None
    if target is None or not isinstance(user_id, int):
        raise ValidationFailed(form=NOT_A_MEMBER)
    if user_id == actor_id:
        raise ValidationFailed(form="You cannot do that to yourself.")
    require(session=session, room_id=room_id, user_id=actor_id, action=action, target_role=target)
    return OnMember(found, user_id, minutes, _reason(reason))


def check_mute(*, session: Session, actor_id: int, room_id: object, user_id: object, minutes: object, reason: object = "") -> OnMember:
    if minutes not in MUTE_MINUTES:
        raise ValidationFailed(form="Choose how long to mute for.")
    assert isinstance(minutes, int)
    return _on_member(session, actor_id, room_id, user_id, Action.MUTE_MEMBER, reason, minutes)


def do_mute(*, session: Session, request: OnMember, now: dt.datetime) -> dt.datetime:
    until = now + dt.timedelta(minutes=request.minutes)
    session.execute(sa.update(RoomMember).where(col(RoomMember.room_id) == request.actor.room_id, col(RoomMember.user_id) == request.user_id).values(muted_until=until))
    audit(session, room_id=request.actor.room_id, actor_id=request.actor.user_id, action="mute", target_user_id=request.user_id,
          reason=request.reason, detail=f"{request.minutes} minutes", now=now)
    tell(session, request.actor.room_id, {"kind": "members"})
    return until


def check_remove_member(*, session: Session, actor_id: int, room_id: object, user_id: object, reason: object = "") -> OnMember:
    return _on_member(session, actor_id, room_id, user_id, Action.REMOVE_MEMBER, reason)


def do_remove_member(*, session: Session, request: OnMember, now: dt.datetime) -> None:
    tell(session, request.actor.room_id, {"kind": "members"})  # the removed person's tabs too (queued before)
    drop_member(session, request.actor, request.user_id)
    audit(session, room_id=request.actor.room_id, actor_id=request.actor.user_id, action="remove_member", target_user_id=request.user_id,
          reason=request.reason, now=now)


def audit_log(*, session: Session, actor_id: int, room_id: object, limit: int = 50) -> list[ModerationAction]:
    """The room's audit, newest first (its moderators and owners)."""
    found = require(session=session, room_id=room_id, user_id=actor_id, action=Action.REMOVE_MESSAGE)
    rows = session.exec(select(ModerationAction).where(col(ModerationAction.room_id) == found.room_id).order_by(col(ModerationAction.id).desc()).limit(limit)).all()
    return [ModerationAction.model_validate(r.model_dump()) for r in rows]
