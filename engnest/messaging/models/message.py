"""Direct messages between two collaborators.

Both ends are ON DELETE CASCADE: deleting an account removes every conversation it took part in,
for both people (the account deletion promises to remove all personal data, and a thread is a
shared record about both). `client_key` is the sender's idempotency key: one row per key per
sender, so a double click or a retry after a dropped connection stores the message once.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class DirectMessage(SQLModel, table=True):
    __tablename__ = "direct_message"
    __table_args__ = (
        sa.UniqueConstraint("sender_id", "client_key", name="uq_direct_message_sender_key"),
        # A thread is read newest-first by (sender, recipient) in both directions.
        sa.Index("ix_direct_message_pair", "sender_id", "recipient_id", "id"),
        # Unread counts: my unread messages, per sender.
        sa.Index("ix_direct_message_unread", "recipient_id", "read_at", "sender_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sender_id: int = Field(sa_column=fk("user_account.id", index=False))
    recipient_id: int = Field(sa_column=fk("user_account.id", index=False))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    client_key: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    created_at: dt.datetime = created_at_field()
    read_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
