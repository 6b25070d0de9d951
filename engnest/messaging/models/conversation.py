"""Conversations (Zulip's `Recipient` idea): a message belongs to a conversation, and a conversation has members.

A direct conversation is a conversation of two, found by its `direct_key` ("low:high" user ids, unique: one per
pair). Group rooms (later) are conversations of many, with the same messages, delivery, unread counts and read
receipts. Each member row carries that member's read position: `last_read_message_id` (everything in the
conversation up to it is read; unread = newer messages from others, one range on ix_message_conversation) and
`last_read_at` (when it last moved: the "Seen" time under the other member's newest read message).

Members and messages go with the conversation (ON DELETE CASCADE), and with the account of the person (a
deleted account's direct conversations are deleted whole by messaging's account hook, for both people).
`client_key` is the sender's idempotency key: one row per key per sender, so a double click or a retry after a
dropped connection stores the message once.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk

DIRECT = "direct"


class Conversation(SQLModel, table=True):
    __tablename__ = "conversation"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=DIRECT, max_length=16, description="direct (later: room)")
    direct_key: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(40), unique=True, nullable=True),
        description="'low:high' user ids for a direct conversation: one conversation per pair",
    )
    created_at: dt.datetime = created_at_field()


class ConversationMember(SQLModel, table=True):
    __tablename__ = "conversation_member"
    __table_args__ = (
        sa.UniqueConstraint("conversation_id", "user_id", name="uq_conversation_member_conversation_user"),
        # My conversations (the list, the unread badge).
        sa.Index("ix_conversation_member_user", "user_id", "conversation_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(sa_column=fk("conversation.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    joined_at: dt.datetime = created_at_field()
    last_read_message_id: int | None = Field(default=None, description="Everything up to this message id is read")
    last_read_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        sa.UniqueConstraint("sender_id", "client_key", name="uq_message_sender_key"),
        # A thread page (newest first, before an id), what a tab missed (after an id), unread counts (after my
        # read position, not mine: sender_id makes that count index-only) and the last message of each
        # conversation: all one range on this index.
        sa.Index("ix_message_conversation", "conversation_id", "id", "sender_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(sa_column=fk("conversation.id", index=False))
    sender_id: int = Field(sa_column=fk("user_account.id", index=False))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    client_key: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    created_at: dt.datetime = created_at_field()
    # Set when the sender edits the text (the "edited" mark) or deletes the message (the body is emptied and
    # the thread shows "message deleted"); both only within the edit window, see domain.messages.can_change.
    edited_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
