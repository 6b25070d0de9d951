"""Emails waiting to be sent: queued in the same transaction as their notification (at most one email per
notification), delivered after commit, retried later if the mail server was down."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class OutboundEmail(SQLModel, table=True):
    __tablename__ = "outbound_email"
    __table_args__ = (sa.Index("ix_outbound_email_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))  # the account's mail goes with it
    # The notification it tells about; None for account emails (verification, password reset, sign-in link, ...).
    notification_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("notification.id", ondelete="CASCADE"), unique=True, nullable=True),
    )
    # "notification" (respects the email opt-out) or an account email kind (always sent: services.account_mail).
    kind: str = Field(default="notification", sa_column=sa.Column(sa.String(32), nullable=False, server_default="notification"))
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    attachment_name: str = Field(default="", max_length=100)
    attachment: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    # pending -> sending (claimed; next_attempt_at is the lease) -> sent | skipped (opted out) | failed (gave up)
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(sa_column=aware_column())
    last_error: str = Field(default="", max_length=500)
    created_at: dt.datetime = created_at_field()
    sent_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
