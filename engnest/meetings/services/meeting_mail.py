"""What a meeting's notification email adds (registered with the notifications feature for every meeting kind):
the meeting time in the recipient's own timezone and the place, and for an accepted meeting the meeting as an
.ics attachment. Reads only."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.calls.domain.call_rules import ROOM_OPENS_MINUTES
from engnest.meetings.models import Meeting
from engnest.meetings.services.calendar_feed import ics_for
from engnest.meetings.services.meeting_common import SUBJECT
from engnest.notifications.models import Notification
from engnest.notifications.services.kinds import EmailPart
from engnest.platform import routes
from engnest.platform.domain.timezones import format_local
from engnest.platform.settings import get_settings

ICS_KINDS = frozenset({"meeting_accepted"})
WHEN_FORMAT = "%A %d %B %Y, %H:%M"


def meeting_of(session: Session, notification: Notification) -> Meeting | None:
    """The meeting a notification is about, if the recipient takes part."""
    meeting = session.get(Meeting, notification.subject_id) if notification.subject_type == SUBJECT and notification.subject_id else None
    if meeting is None or notification.user_id not in (meeting.requester_id, meeting.recipient_id):
        return None
    return meeting


def _where(meeting: Meeting) -> str:
    if meeting.kind == "online":
        return "Online (video call on EngNest)"
    return ", ".join(part for part in (meeting.spot_name, meeting.spot_city) if part) or "In person"


def email_part(session: Session, notification: Notification, user: User, now: dt.datetime) -> EmailPart | None:
    meeting = meeting_of(session, notification)
    if meeting is None:
        return None
    tz = user.timezone or "UTC"
    lines = [f"When: {format_local(meeting.start_at, tz, WHEN_FORMAT)} ({tz})", f"Where: {_where(meeting)}", ""]
    if meeting.kind == "online" and meeting.status in ("accepted", "in_progress"):  # the call's room (calls.rooms)
        join = f"{get_settings().public_url.rstrip('/')}{routes.meeting_url(meeting.id)}"  # type: ignore[arg-type]
        lines[2:2] = [f"Join the call: {join} (the room opens {ROOM_OPENS_MINUTES} minutes before the start)", ""]
    if notification.kind not in ICS_KINDS:
        return EmailPart(lines)
    assert user.id is not None  # a stored user (the notification's recipient)
    attachment = ics_for(session=session, meeting=meeting, viewer_id=user.id, now=now).decode()
    lines += ["The meeting is attached as a calendar file (.ics).", ""]
    return EmailPart(lines, attachment_name=f"engnest-meeting-{meeting.id}.ics", attachment=attachment)
