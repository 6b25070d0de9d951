"""Relations between two people: blocks and collaborators (an accepted meeting makes collaborators)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import created_at_field, fk


class Block(SQLModel, table=True):
    """`blocker` blocked `blocked`: they vanish from each other's search and cannot request anything."""

    __tablename__ = "block"
    __table_args__ = (sa.UniqueConstraint("blocker_id", "blocked_id", name="uq_block_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    blocker_id: int = Field(sa_column=fk("user_account.id"))
    blocked_id: int = Field(sa_column=fk("user_account.id"))
    created_at: dt.datetime = created_at_field()


class Collaboration(SQLModel, table=True):
    """Two users who have had a meeting accepted. Stored once per pair, lower id first."""

    __tablename__ = "collaboration"
    __table_args__ = (
        sa.UniqueConstraint("user_low_id", "user_high_id", name="uq_collaboration_pair"),
        sa.CheckConstraint("user_low_id < user_high_id", name="ordered_pair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_low_id: int = Field(sa_column=fk("user_account.id"))
    user_high_id: int = Field(sa_column=fk("user_account.id"))
    meeting_id: int | None = Field(default=None, description="The meeting whose acceptance created it")
    created_at: dt.datetime = created_at_field()
