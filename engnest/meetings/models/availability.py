"""Weekly availability: the hours a person is usually free, per weekday, in their own timezone (local wall-clock
minutes; the timezone is the account's). Rules in meetings.domain.availability."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import fk


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
