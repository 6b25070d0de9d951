"""Moderation tables: site roles (admins, made by the CLI only), reports with their queue state, room bans and
account suspensions. The audit of every action is `ModerationAction` (room.py): its `room_id` is empty for a
site action (a suspension, a site role granted)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class SiteRole(SQLModel, table=True):
    """A person's role on the whole site ("admin"); granted and revoked by `python -m engnest.admin` only."""

    __tablename__ = "site_role"

    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    role: str = Field(default="admin", max_length=12)
    granted_by: str = Field(default="", max_length=80, description="who ran the command (OS user), for the audit")
    granted_at: dt.datetime = created_at_field()


class Report(SQLModel, table=True):
    """A member's report of a room message, a person (or, registered by their feature, a post or comment).

    The reporter is kept for moderators and admins only: nothing the reported person sees names them. One
    report per reporter and target (asking twice changes nothing). `excerpt` keeps what was reported, so the
    queue still shows it after an edit or a removal."""

    __tablename__ = "report"
    __table_args__ = (
        sa.UniqueConstraint("reporter_id", "target_kind", "target_id", name="uq_report_reporter_target"),
        sa.Index("ix_report_status_room", "status", "room_id", "id"),
        sa.Index("ix_report_target", "target_kind", "target_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    target_kind: str = Field(max_length=12)
    target_id: int
    target_user_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    room_id: int | None = Field(default=None, sa_column=fk("room.id", index=False, nullable=True))
    reason: str = Field(max_length=24)
    note: str = Field(default="", max_length=500)
    excerpt: str = Field(default="", max_length=280)
    status: str = Field(default="open", max_length=12)
    resolution: str = Field(default="", max_length=24)
    handled_by: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    handled_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    created_at: dt.datetime = created_at_field()


class RoomBan(SQLModel, table=True):
    """Banned from a room until a moderator lifts it: cannot join, ask to join or be invited."""

    __tablename__ = "room_ban"
    __table_args__ = (sa.UniqueConstraint("room_id", "user_id", name="uq_room_ban_room_user"),)

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(sa_column=fk("room.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id"))
    reason: str = Field(default="", max_length=280)
    by_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    created_at: dt.datetime = created_at_field()


class Suspension(SQLModel, table=True):
    """An account suspended by an admin from `created_at` until `ends_at` (or until lifted), with the reason the
    person is shown. Kept after it ends (the history)."""

    __tablename__ = "account_suspension"
    __table_args__ = (sa.Index("ix_account_suspension_user_ends", "user_id", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    ends_at: dt.datetime = Field(sa_column=aware_column())
    reason: str = Field(max_length=280)
    by_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    lifted_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    created_at: dt.datetime = created_at_field()
