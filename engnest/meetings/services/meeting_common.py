"""Pieces every meeting change shares: the spot check, the history row, notifications and the live push."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.meetings.domain import meeting_spot
from engnest.meetings.models import Meeting, MeetingEvent
from engnest.meetings.places import registry
from engnest.meetings.services.meeting_people import home_of, person_for
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import format_local
from engnest.platform.events import push_after_commit

TOPIC = "meeting"
WHEN_FORMAT = "%a %d %b %Y, %H:%M"


def push(session: Session, meeting: Meeting) -> None:
    """Both people's open calendar and meeting pages reload after commit."""
    push_after_commit(session, [meeting.requester_id, meeting.recipient_id], TOPIC, {"meeting_id": meeting.id})


def record(session: Session, meeting: Meeting, actor_id: int | None, action: str, now: dt.datetime, note: str = "") -> None:
    assert meeting.id is not None  # recorded after the meeting is stored (flushed)
    session.add(
        MeetingEvent(
            meeting_id=meeting.id, actor_id=actor_id, action=action, start_at=meeting.start_at,
            duration_minutes=meeting.duration_minutes, spot_name=meeting.spot_name, note=note, created_at=now,
        )
    )


def resolve_spot(session: Session, spot_id: object, requester_id: int, recipient_id: int) -> meeting_spot.Spot:
    """A picked spot id: known to the places provider and not far from both people (km_a = requester)."""
    a = home_of(session=session, user_id=requester_id)
    b = home_of(session=session, user_id=recipient_id)
    if a is None or b is None:
        raise ValidationFailed(spot="Both of you need a city on your profile to meet in person.")
    place_id = str(spot_id or "").strip()[:120]
    if not place_id:
        raise ValidationFailed(spot="Pick a spot to meet.")
    place = registry.provider().get(place_id)
    return meeting_spot.check_spot(place, a, b, registry.spot_rules())


def apply_spot(meeting: Meeting, spot: meeting_spot.Spot | None) -> None:
    """Copy the spot onto the meeting (distances as seen from the requester, then the recipient)."""
    if spot is None:
        meeting.spot_place_id, meeting.spot_name, meeting.spot_kind = None, "", ""
        meeting.spot_lat = meeting.spot_lon = meeting.requester_km = meeting.recipient_km = None
        meeting.spot_city = meeting.spot_country = meeting.spot_source = ""
        return
    p = spot.place
    meeting.spot_place_id, meeting.spot_name, meeting.spot_kind = p.id, p.name[:200], p.kind
    meeting.spot_lat, meeting.spot_lon = p.lat, p.lon
    meeting.spot_city, meeting.spot_country, meeting.spot_source = p.city[:120], p.country[:2], p.source[:40]
    meeting.requester_km, meeting.recipient_km = round(spot.km_a, 3), round(spot.km_b, 3)


def where(meeting: Meeting) -> str:
    if meeting.kind == "online":
        return "online"
    return f"at {meeting.spot_name}" + (f", {meeting.spot_city}" if meeting.spot_city else "")


SUBJECT = "meeting"  # what meeting notifications are about (notifications.subject_type)


def notify(
    session: Session,
    meeting: Meeting,
    *,
    to_user: int,
    actor_id: int | None,
    kind: str,
    title: str,
    body: str,
    dedupe: str,
    now: dt.datetime,
    extra: str = "",
) -> Notification | None:
    """Notify `to_user` (in the same transaction). `{when}`, `{who}`/`{Who}` and `{where}` are filled in for
    them: the time in their timezone, the actor anonymised unless they are collaborators. `extra` (user text)
    is appended as is, never formatted. Returns the notification, or None if `dedupe` already happened."""
    assert meeting.id is not None  # a stored meeting
    user = session.get(User, to_user)
    tz = user.timezone if user else "UTC"
    who = person_for(session=session, viewer_id=to_user, person_id=actor_id).label if actor_id else "EngNest"
    values = dict(when=format_local(meeting.start_at, tz, WHEN_FORMAT), who=who, Who=who[:1].upper() + who[1:], where=where(meeting))
    return notifications.do_notify(
        session=session, user_id=to_user, kind=kind, title=title.format(**values), body=(body.format(**values) + extra)[:1000],
        link=routes.meeting_url(meeting.id), actor_id=actor_id, dedupe_key=f"meeting:{meeting.id}:{dedupe}", now=now,
        subject_type=SUBJECT, subject_id=meeting.id,
    )
