"""Calendar files: one .ics per meeting (for its two participants), and a personal feed whose secret URL
calendar apps subscribe to.

The feed is off until its owner turns it on in Settings. Its URL holds a random token; only the token's SHA-256
is stored, so the URL is shown once (when made) and nobody, us included, can rebuild it. Regenerating replaces
the hash (the old URL stops working at once); turning the feed off deletes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TypeGuard

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.meetings.domain.ics import IcsEvent, build_calendar
from engnest.meetings.domain.meeting_lifecycle import STATUSES
from engnest.meetings.models import CalendarFeed, Meeting
from engnest.meetings.services.meeting_people import person_for
from engnest.meetings.services.meeting_transition import get_meeting_for
from engnest.platform import routes
from engnest.platform.settings import get_settings

FEED_HISTORY_DAYS = 60
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def token_hash(token: str) -> str:
    """What is stored of a feed URL's token (the free/busy feed keeps its token the same way)."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(*, session: Session, user_id: int) -> CalendarFeed | None:
    """The user's feed (None: off). Holds only the token's hash and when the current link was made."""
    return session.get(CalendarFeed, user_id)


def do_regenerate_feed(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """Turn the user's feed on with a new secret URL (the previous one stops working); returns its path, the
    only time it is known."""
    token = secrets.token_urlsafe(32)
    row = session.get(CalendarFeed, user_id) or CalendarFeed(user_id=user_id, token_hash="")
    row.token_hash, row.created_at = token_hash(token), now
    session.add(row)
    return routes.calendar_feed_path(token)


def do_turn_off_feed(*, session: Session, user_id: int) -> None:
    session.execute(sa.delete(CalendarFeed).where(col(CalendarFeed.user_id) == user_id))


def plausible_token(token: object) -> TypeGuard[str]:
    """A string that could be a token we made (anything else is not looked up)."""
    return isinstance(token, str) and 20 <= len(token) <= 100 and set(token) <= _TOKEN_CHARS


def feed_owner(*, session: Session, token: object) -> int | None:
    """The user whose current feed URL holds `token`, if any."""
    if not plausible_token(token):
        return None
    return session.exec(select(CalendarFeed.user_id).where(CalendarFeed.token_hash == token_hash(token))).first()


def _event(session: Session, m: Meeting, viewer_id: int) -> IcsEvent:
    other = person_for(session=session, viewer_id=viewer_id, person_id=m.other_id(viewer_id))
    assert m.id is not None  # a stored meeting
    link = get_settings().public_url.rstrip("/") + routes.meeting_url(m.id)
    if m.kind == "online":
        location, geo = "Online (video call on EngNest)", None
    else:
        location = ", ".join(part for part in (m.spot_name, m.spot_city) if part)
        geo = (m.spot_lat, m.spot_lon) if m.spot_lat is not None and m.spot_lon is not None else None
    lines = [f"Status: {STATUSES.get(m.status, m.status)}"]
    if m.message:
        lines.append(f"Message: {m.message}")
    if m.status == "cancelled" and m.cancel_reason:
        lines.append(f"Cancelled: {m.cancel_reason}")
    lines.append(f"Details: {link}")
    return IcsEvent(
        uid=f"meeting-{m.id}@engnest", start_at=m.start_at, end_at=m.end_at, summary=f"EngNest: meet {other.label}",
        status=m.status, sequence=max(0, (m.version or 1) - 1), updated_at=m.updated_at, description="\n".join(lines),
        location=location, geo=geo, url=link,
    )


def ics_for(*, session: Session, meeting: Meeting, viewer_id: int, now: dt.datetime) -> bytes:
    """The .ics of a meeting the caller already loaded (and knows `viewer_id` takes part in)."""
    return build_calendar([_event(session, meeting, viewer_id)], now=now, name="EngNest meeting")


def ics_for_meeting(*, session: Session, meeting_id: object, viewer_id: int, now: dt.datetime) -> bytes:
    meeting = get_meeting_for(session=session, meeting_id=meeting_id, user_id=viewer_id)
    return ics_for(session=session, meeting=meeting, viewer_id=viewer_id, now=now)


def ics_feed(*, session: Session, user_id: int, now: dt.datetime) -> bytes:
    from engnest.meetings.services.meeting_views import meetings_for_feed

    meetings = meetings_for_feed(session=session, user_id=user_id, since=now - dt.timedelta(days=FEED_HISTORY_DAYS))
    return build_calendar([_event(session, m, user_id) for m in meetings], now=now)
