"""Calendar files: one .ics per meeting (for its two participants), and a personal feed whose secret URL
calendar apps subscribe to.

The feed token is an HMAC of (user id, feed version) under SECRET_KEY: nothing secret is stored, the page can
show the URL again at any time, and "reset link" bumps the version so the old URL stops working.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

from sqlmodel import Session

from engnest import routes
from engnest.domain.ics import IcsEvent, build_calendar
from engnest.domain.ids import parse_id
from engnest.domain.meeting_lifecycle import STATUSES
from engnest.models import CalendarFeed, Meeting
from engnest.services.meeting_actions import get_meeting_for
from engnest.services.meeting_people import person_for
from engnest.settings import get_settings

FEED_HISTORY_DAYS = 60


def feed_token(user_id: int, version: int) -> str:
    mac = hmac.new(get_settings().secret_key.encode(), f"calendar-feed:{user_id}:{version}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")[:32]


def feed_version(*, session: Session, user_id: int) -> int:
    row = session.get(CalendarFeed, user_id)
    return row.version if row else 1


def feed_path(*, session: Session, user_id: int) -> str:
    return routes.calendar_feed_path(user_id, feed_token(user_id, feed_version(session=session, user_id=user_id)))


def do_reset_feed(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """Invalidate the current feed URL and return the new path."""
    row = session.get(CalendarFeed, user_id)
    if row is None:
        row = CalendarFeed(user_id=user_id, version=1, created_at=now)
    row.version += 1
    session.add(row)
    session.commit()
    return routes.calendar_feed_path(user_id, feed_token(user_id, row.version))


def feed_owner(*, session: Session, user_id, token: str) -> int | None:
    """The user whose feed this is, if the token is current."""
    uid = parse_id(user_id)
    if uid is None:
        return None
    expected = feed_token(uid, feed_version(session=session, user_id=uid))
    return uid if hmac.compare_digest(expected, str(token or "")) else None


def _event(session: Session, m: Meeting, viewer_id: int) -> IcsEvent:
    other = person_for(session=session, viewer_id=viewer_id, person_id=m.other_id(viewer_id))
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


def ics_for_meeting(*, session: Session, meeting_id, viewer_id: int, now: dt.datetime) -> bytes:
    meeting = get_meeting_for(session=session, meeting_id=meeting_id, user_id=viewer_id)
    return ics_for(session=session, meeting=meeting, viewer_id=viewer_id, now=now)


def ics_feed(*, session: Session, user_id: int, now: dt.datetime) -> bytes:
    from engnest.services.meeting_views import meetings_for_feed

    meetings = meetings_for_feed(session=session, user_id=user_id, since=now - dt.timedelta(days=FEED_HISTORY_DAYS))
    return build_calendar([_event(session, m, user_id) for m in meetings], now=now)
