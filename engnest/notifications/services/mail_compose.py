"""What an emailed notification says: subject, plain-text body with the meeting time in the recipient's own
timezone, and (for an accepted meeting) the meeting as an .ics attachment. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.meetings.models import Meeting
from engnest.notifications.models import Notification
from engnest.platform import routes
from engnest.platform.domain.timezones import format_local
from engnest.platform.settings import get_settings

ICS_KINDS = frozenset({"meeting_accepted"})
WHEN_FORMAT = "%A %d %B %Y, %H:%M"


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    attachment_name: str = ""
    attachment: str = ""  # iCalendar text


def meeting_of(session: Session, notification: Notification, meeting_id: int | None) -> Meeting | None:
    """The meeting a notification is about (meeting_common.notify passes its id), if the recipient takes part."""
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None or notification.user_id not in (meeting.requester_id, meeting.recipient_id):
        return None
    return meeting


def _where(meeting: Meeting) -> str:
    if meeting.kind == "online":
        return "Online (video call on EngNest)"
    return ", ".join(part for part in (meeting.spot_name, meeting.spot_city) if part) or "In person"


def draft(*, session: Session, notification: Notification, user: User, meeting: Meeting | None, now: dt.datetime) -> Draft:
    base = get_settings().public_url.rstrip("/")
    lines = [notification.title, ""]
    if notification.body:
        lines += [notification.body, ""]
    attachment_name = attachment = ""
    if meeting is not None:
        tz = user.timezone or "UTC"
        lines += [f"When: {format_local(meeting.start_at, tz, WHEN_FORMAT)} ({tz})", f"Where: {_where(meeting)}", ""]
        if notification.kind in ICS_KINDS:
            from engnest.meetings.services.calendar_feed import ics_for  # here: calendar_feed imports the meeting services

            attachment_name = f"engnest-meeting-{meeting.id}.ics"
            attachment = ics_for(session=session, meeting=meeting, viewer_id=user.id, now=now).decode()
            lines += ["The meeting is attached as a calendar file (.ics).", ""]
    if notification.link:
        lines += [f"Open it in EngNest: {base}{notification.link}", ""]
    lines += ["—", f"You get these emails because email notifications are on. Turn them off in Settings: {base}{routes.SETTINGS}"]
    return Draft(subject=notification.title[:200], body="\n".join(lines), attachment_name=attachment_name, attachment=attachment)
