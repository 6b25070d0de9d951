"""Community tables: pseudonyms, rooms, their members (role, mute), join requests and invitations, and the
moderation audit. A room's chat is a conversation (messaging's Conversation, kind "room"): its messages, delivery,
idempotency and unread positions are the direct messages' own; `room_member` adds the role beside the
conversation member row that the services keep in step.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk

ROOM = "room"  # messaging Conversation.kind of a room's chat


class Pseudonym(SQLModel, table=True):
    __tablename__ = "pseudonym"

    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    handle: str = Field(max_length=80)
    handle_key: str = Field(sa_column=sa.Column(sa.String(80), unique=True, nullable=False))
    chosen: bool = False  # False: generated
    created_at: dt.datetime = created_at_field()


class Room(SQLModel, table=True):
    __tablename__ = "room"
    __table_args__ = (sa.Index("ix_room_visibility_activity", "visibility", "last_activity_at"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("conversation.id", ondelete="CASCADE"), unique=True, nullable=False))
    name: str = Field(max_length=60)
    topic: str = Field(default="", max_length=280)
    tags: str = Field(default="", max_length=200, description="' tag1 tag2 ' (spaces around each, for LIKE '% tag %')")
    visibility: str = Field(default="public", max_length=8)
    member_count: int = 0
    created_by: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    created_at: dt.datetime = created_at_field()
    last_activity_at: dt.datetime = created_at_field()


class RoomMember(SQLModel, table=True):
    __tablename__ = "room_member"
    __table_args__ = (
        sa.UniqueConstraint("room_id", "user_id", name="uq_room_member_room_user"),
        sa.Index("ix_room_member_user", "user_id", "room_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(sa_column=fk("room.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    role: str = Field(default="member", max_length=12)
    muted_until: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    joined_at: dt.datetime = created_at_field()


class RoomInvite(SQLModel, table=True):
    """A request to join a private room (`kind` request, made by the person) or an invitation (by a moderator)."""

    __tablename__ = "room_invite"
    __table_args__ = (sa.UniqueConstraint("room_id", "user_id", name="uq_room_invite_room_user"),)

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(sa_column=fk("room.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    kind: str = Field(max_length=8, description="request | invite")
    by_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    created_at: dt.datetime = created_at_field()


class ModerationAction(SQLModel, table=True):
    """The audit: every moderation action in a room, and (`room_id` empty) on the site: a suspension, a report
    dismissed, an admin made (kept when the message or member is gone)."""

    __tablename__ = "moderation_action"

    id: int | None = Field(default=None, primary_key=True)
    room_id: int | None = Field(default=None, sa_column=fk("room.id", nullable=True))
    actor_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    action: str = Field(max_length=24)
    target_user_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    target_message_id: int | None = None  # not a foreign key: the removed message is deleted
    reason: str = Field(default="", max_length=280)
    detail: str = Field(default="", max_length=280)
    created_at: dt.datetime = created_at_field()
