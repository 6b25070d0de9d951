"""Friendships: a mutual request. Friends see each other listed and online; chat needs collaborators."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class Friendship(SQLModel, table=True):
    """One row per pair (lower id first): pending, accepted, or declined (kept to rate-limit re-asking)."""

    __tablename__ = "friendship"
    __table_args__ = (
        sa.UniqueConstraint("user_low_id", "user_high_id", name="uq_friendship_pair"),
        sa.CheckConstraint("user_low_id < user_high_id", name="ordered_pair"),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_low_id: int = Field(sa_column=fk("user_account.id"))
    user_high_id: int = Field(sa_column=fk("user_account.id"))
    requester_id: int = Field(sa_column=fk("user_account.id", index=False))
    status: str = Field(default="pending", max_length=10)
    created_at: dt.datetime = created_at_field()
    responded_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))

    def other(self, user_id: int) -> int:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id

    @property
    def addressee_id(self) -> int:
        return self.other(self.requester_id)
