"""The home dashboard: what waits for the signed-in user, read through each feature's public services.
Reads only; everything returned is in the viewer's timezone and plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from engnest.discovery.domain.dashboard import countdown, directions_url
from engnest.meetings.services import meeting_views
from engnest.messaging.services import message_views
from engnest.platform import routes
from engnest.platform.domain.timezones import ensure_aware_utc, format_local

WHEN = "%a %d %b, %H:%M"


@dataclass(frozen=True)
class WaitingRequest:
    title: str
    when: str
    status: str
    url: str


@dataclass(frozen=True)
class NextMeeting:
    title: str
    who: str
    when: str
    countdown: str
    online: bool
    place: str
    url: str  # the meeting page: an online meeting is joined there
    directions_url: str  # in person with a spot: directions on a map ('' otherwise)


@dataclass(frozen=True)
class UnreadConversation:
    name: str
    unread: int
    last: str
    url: str


@dataclass(frozen=True)
class Dashboard:
    waiting: list[WaitingRequest] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    unread: list[UnreadConversation] = field(default_factory=list)


def next_meeting(*, session: Session, user_id: int, timezone: str, now: dt.datetime) -> NextMeeting | None:
    """The soonest accepted meeting that has not ended."""
    item = next((i for i in meeting_views.upcoming(session=session, user_id=user_id, now=now) if i.status in ("accepted", "in_progress")), None)
    if item is None:
        return None
    view = meeting_views.meeting_view(session=session, meeting_id=item.id, viewer_id=user_id, now=now)
    online = view.kind == "online"
    has_spot = not online and view.spot_lat is not None and view.spot_lon is not None
    return NextMeeting(
        title=item.title, who=view.other.label, when=format_local(item.start_at, timezone, WHEN),
        countdown=countdown(ensure_aware_utc(item.start_at), ensure_aware_utc(item.end_at), now), online=online,
        place="Online" if online else ", ".join(p for p in (view.spot_name, view.spot_city) if p),
        url=routes.meeting_url(item.id),
        directions_url=directions_url(view.spot_lat, view.spot_lon) if has_spot and view.spot_lat is not None and view.spot_lon is not None else "",
    )


def dashboard(*, session: Session, user_id: int, timezone: str, now: dt.datetime) -> Dashboard:
    waiting = [
        WaitingRequest(i.title, format_local(i.start_at, timezone, WHEN), "New request" if i.status == "pending" else "New time proposed", routes.meeting_url(i.id))
        for i in meeting_views.waiting_for_answer(session=session, user_id=user_id, now=now)
    ]
    unread = [
        UnreadConversation(c.peer.name, c.unread, c.last.body[:120] if c.last else "", routes.thread_url(c.peer.id))
        for c in message_views.list_conversations(session=session, user_id=user_id)
        if c.unread
    ]
    return Dashboard(waiting, next_meeting(session=session, user_id=user_id, timezone=timezone, now=now), unread)
