"""Weekly availability: the hours a person is usually free, per weekday, in their own timezone (local wall-clock
minutes; the timezone is the account's). Rules in meetings.domain.availability. And the free/busy feed's secret."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import created_at_field, fk


class AvailabilityWindow(SQLModel, table=True):
    __tablename__ = "availability_window"
    __table_args__ = (
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
        sa.CheckConstraint("start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute", name="minute_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    weekday: int = Field(description="0 = Monday")
    start_minute: int = Field(description="minutes after local midnight")
    end_minute: int = Field(description="exclusive; 1440 = the end of the day")


class AvailabilityFeed(SQLModel, table=True):
    """A person's free/busy feed, turned on in Settings: a secret .ics URL with their free hours and the times of
    their meetings, nothing else (no names, places or messages), that calendar apps and people they choose can
    subscribe to. Only the SHA-256 of the URL's token is kept; regenerating replaces it (the old URL stops at
    once); turning the feed off deletes the row. Separate from the meetings feed (calendar_feed), which has the
    meetings' details and is for the person alone."""

    __tablename__ = "availability_feed"

    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    created_at: dt.datetime = created_at_field()
