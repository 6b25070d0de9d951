"""Notifications: stored first, then pushed, so a user who was offline sees them at next login."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_user_unread", "user_id", "read_at", "id"),
        sa.Index("ix_notification_user_created", "user_id", "created_at", "id"),  # the list's order: newest first
        sa.Index("ix_notification_subject", "subject_type", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    kind: str = Field(max_length=40)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=300, description="Route to open when clicked")
    # What it is about ("meeting", 42); kinds are registered by features (notifications.services.kinds).
    subject_type: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    subject_id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    payload: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False, server_default="{}"))
    actor_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", nullable=True))
    dedupe_key: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(200), unique=True, nullable=True),
        description="Makes a notification exactly-once (e.g. 'reminder24:meeting:42:user:7')",
    )
    created_at: dt.datetime = created_at_field()
    read_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
