"""A file sent in a conversation: one per message (the message's text is its caption or its file name).

The bytes live on disk under the data directory (`uploads/attachments/`, never under the web root), named by
a random token; this row says whose conversation they belong to, what they are (checked from the content on
upload, never taken from the browser) and the name to offer when they are downloaded. The row goes with its
message and conversation (ON DELETE CASCADE); the file goes with it (see services.attachment_files).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import created_at_field, fk


class MessageAttachment(SQLModel, table=True):
    __tablename__ = "message_attachment"
    __table_args__ = (
        sa.UniqueConstraint("message_id", name="uq_message_attachment_message_id"),
        sa.UniqueConstraint("stored_name", name="uq_message_attachment_stored_name"),
        # The attachments of a thread page (message ids of one conversation) and of a deleted conversation.
        sa.Index("ix_message_attachment_conversation", "conversation_id", "message_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(sa_column=fk("message.id", index=False))
    conversation_id: int = Field(sa_column=fk("conversation.id", index=False))
    uploader_id: int = Field(sa_column=fk("user_account.id"))
    stored_name: str = Field(sa_column=sa.Column(sa.String(64), nullable=False), description="random file name on disk")
    display_name: str = Field(sa_column=sa.Column(sa.String(120), nullable=False), description="cleaned name offered on download")
    content_type: str = Field(max_length=40, description="from the checked content: image/webp, image/png, application/pdf")
    kind: str = Field(max_length=8, description="image (shown in the thread) or file (download only)")
    size_bytes: int
    created_at: dt.datetime = created_at_field()
