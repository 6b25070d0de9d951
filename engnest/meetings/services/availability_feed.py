"""The free/busy feed (Settings): a secret .ics URL with the person's free hours (their weekly availability, in
their timezone) and the times of their meetings for the next `WEEKS` weeks, without names, places or messages,
so it may be shared with people outside EngNest or added to another calendar. Off until turned on; only the
token's hash is stored (shown once when made); regenerating stops the old URL at once; turning it off deletes
it. The tokens are made and checked as the meetings feed's are (calendar_feed)."""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.meetings.domain import availability as rules
from engnest.meetings.domain.free_busy_ics import build_free_busy
from engnest.meetings.models import AvailabilityFeed, Meeting, MeetingParticipant
from engnest.meetings.services.availability import windows_of
from engnest.meetings.services.calendar_feed import plausible_token, token_hash
from engnest.platform import routes
from engnest.platform.domain.timezones import local_to_utc, to_local

WEEKS = 8
BUSY_STATUSES = ("pending", "countered", "accepted", "in_progress")  # the time is held (asked for or agreed)
MAX_MEETINGS = 500


def feed_of(*, session: Session, user_id: int) -> AvailabilityFeed | None:
    return session.get(AvailabilityFeed, user_id)


def do_regenerate_feed(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """Turn the feed on with a new secret URL (any previous one stops working); returns its path, the only time
    it is known."""
    token = secrets.token_urlsafe(32)
    row = session.get(AvailabilityFeed, user_id) or AvailabilityFeed(user_id=user_id, token_hash="")
    row.token_hash, row.created_at = token_hash(token), now
    session.add(row)
    return routes.availability_feed_path(token)


def do_turn_off_feed(*, session: Session, user_id: int) -> None:
    session.execute(sa.delete(AvailabilityFeed).where(col(AvailabilityFeed.user_id) == user_id))


def feed_owner(*, session: Session, token: object) -> int | None:
    if not plausible_token(token):
        return None
    return session.exec(select(AvailabilityFeed.user_id).where(AvailabilityFeed.token_hash == token_hash(token))).first()


def _busy(session: Session, user_id: int, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    rows = session.exec(
        select(Meeting.start_at, Meeting.end_at)
        .where(
            col(Meeting.id).in_(select(MeetingParticipant.meeting_id).where(MeetingParticipant.user_id == user_id)),
            col(Meeting.status).in_(BUSY_STATUSES), Meeting.end_at > start, Meeting.start_at < end,
        )
        .order_by(col(Meeting.start_at))
        .limit(MAX_MEETINGS)
    ).all()
    return [(a, b) for a, b in rows]


def ics_free_busy(*, session: Session, user_id: int, now: dt.datetime) -> bytes:
    """The feed's file: free stretches from the start of today (the person's day) for `WEEKS` weeks, and the
    meetings in that span. A few queries whatever the history."""
    user = session.get(User, user_id)
    tz = user.timezone if user is not None else "UTC"
    start = local_to_utc(dt.datetime.combine(to_local(now, tz).date(), dt.time()), tz)
    end = start + dt.timedelta(weeks=WEEKS)
    free = rules.intervals_utc(windows_of(session=session, user_id=user_id), tz, start, end)
    return build_free_busy(free, _busy(session, user_id, start, end), user_id=user_id, now=now)
