"""Meetings between two engineers, their history, and personal calendar feeds."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk, utcnow

# Optimistic locking: every UPDATE checks and bumps `version`, so two concurrent changes to the same
# meeting cannot both win (the loser gets StaleDataError and re-reads).
_version_column = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        sa.Index("ix_meeting_requester_start", "requester_id", "start_at"),
        sa.Index("ix_meeting_recipient_start", "recipient_id", "start_at"),
        sa.Index("ix_meeting_status_end", "status", "end_at"),
    )
    __mapper_args__ = {"version_id_col": _version_column}

    id: int | None = Field(default=None, primary_key=True)
    requester_id: int = Field(sa_column=fk("user_account.id", index=False))
    recipient_id: int = Field(sa_column=fk("user_account.id", index=False))
    kind: str = Field(max_length=16, description="in_person | online")
    status: str = Field(default="pending", max_length=16)
    start_at: dt.datetime = Field(sa_column=aware_column())
    end_at: dt.datetime = Field(sa_column=aware_column())
    duration_minutes: int
    message: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))

    # The spot, copied when proposed (the place data may change later; the meeting keeps what was agreed).
    spot_place_id: str | None = Field(default=None, max_length=120)
    spot_name: str = Field(default="", max_length=200)
    spot_kind: str = Field(default="", max_length=16)
    spot_lat: float | None = None
    spot_lon: float | None = None
    spot_city: str = Field(default="", max_length=120)
    spot_country: str = Field(default="", max_length=2)
    spot_source: str = Field(default="", max_length=40)
    requester_km: float | None = None
    recipient_km: float | None = None

    awaiting_id: int | None = Field(default=None, description="Who must answer the open proposal")
    proposed_by_id: int = Field(description="Who made the current terms")
    counter_count: int = 0
    open_pair_key: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(40), unique=True, nullable=True),
        description="'low:high' while the request is open: at most one open request per pair",
    )
    uses_credit: bool = Field(default=False, description="An online request holding one of the requester's credits")
    cancel_reason: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    cancelled_by_id: int | None = None
    late_cancel: bool = False

    # A pending change of an accepted meeting (domain.meeting_lifecycle): the agreed terms above hold until
    # the other person accepts it.
    change_by_id: int | None = Field(default=None, description="Who proposed the pending change")
    change_start_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    change_duration: int | None = None
    change_spot_id: str | None = Field(default=None, max_length=120)
    change_message: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    # The scheduler's job ids for this meeting's timers (reminder, start, end, close), comma-separated.
    job_ids: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))

    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=aware_column())
    accepted_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    closed_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    version: int = Field(default=1, sa_column=_version_column)

    def other_id(self, user_id: int) -> int:
        return self.recipient_id if user_id == self.requester_id else self.requester_id


class MeetingParticipant(SQLModel, table=True):
    """Who takes part in a meeting, and as what: today the requester and the recipient; the relation (not the two
    columns) is what "my meetings" reads, so a meeting of more people needs no new query."""

    __tablename__ = "meeting_participant"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_participant_meeting_user"),
        sa.Index("ix_meeting_participant_user", "user_id", "meeting_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=fk("meeting.id", index=False))
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    role: str = Field(max_length=16, description="requester | recipient")


class MeetingEvent(SQLModel, table=True):
    """What happened to a meeting, in order (shown as its history)."""

    __tablename__ = "meeting_event"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=fk("meeting.id"))
    actor_id: int | None = Field(default=None, sa_column=fk("user_account.id", ondelete="SET NULL", index=False, nullable=True))
    action: str = Field(max_length=16)
    start_at: dt.datetime = Field(sa_column=aware_column())
    duration_minutes: int
    spot_name: str = Field(default="", max_length=200)
    note: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    created_at: dt.datetime = created_at_field()


class MeetingReview(SQLModel, table=True):
    """One person's review of the other after a meeting: stars, comment, and whether the other attended.
    A "did not attend" report becomes a strike (`strike_at`) unless the other disputes it within 72 h."""

    __tablename__ = "meeting_review"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "reviewer_id", name="uq_meeting_review_meeting_reviewer"),
        sa.Index("ix_meeting_review_reviewee_strike", "reviewee_id", "strike_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=fk("meeting.id", index=False))
    reviewer_id: int = Field(sa_column=fk("user_account.id", index=False))
    reviewee_id: int = Field(sa_column=fk("user_account.id", index=False))
    rating: int = Field(description="1..5 stars")
    comment: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    other_attended: bool = True
    created_at: dt.datetime = created_at_field()
    disputed_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    dispute_note: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    strike_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class CalendarFeed(SQLModel, table=True):
    """A personal ICS feed, turned on in Settings: its URL holds a random token, of which only the SHA-256 is
    kept. Regenerating replaces the hash (the old URL stops at once); turning the feed off deletes the row."""

    __tablename__ = "calendar_feed"

    user_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    )
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    created_at: dt.datetime = created_at_field()
