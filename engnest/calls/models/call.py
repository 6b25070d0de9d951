"""A call and its participants. A 1:1 call has two participant rows (the caller and the callee); a room call with a
few people adds rows, not columns. Times are aware UTC."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class Call(SQLModel, table=True):
    __tablename__ = "call"
    __table_args__ = (
        sa.CheckConstraint("status IN ('ringing', 'live', 'ended', 'missed', 'declined')", name="status"),
        sa.CheckConstraint("media IN ('video', 'audio')", name="media"),
    )

    id: int | None = Field(default=None, primary_key=True)
    started_by: int = Field(sa_column=fk("user_account.id"))
    media: str = Field(default="video", max_length=10)
    status: str = Field(default="ringing", max_length=10, index=True)
    meeting_id: int | None = Field(default=None, sa_column=fk("meeting.id", ondelete="SET NULL", nullable=True))
    created_at: dt.datetime = created_at_field()
    answered_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    ended_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class CallParticipant(SQLModel, table=True):
    __tablename__ = "call_participant"
    __table_args__ = (sa.UniqueConstraint("call_id", "user_id", name="uq_call_participant_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(sa_column=fk("call.id"))
    user_id: int = Field(sa_column=fk("user_account.id"))
    role: str = Field(max_length=10)  # "caller" | "callee" (a room call: "member")
    joined_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    left_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
