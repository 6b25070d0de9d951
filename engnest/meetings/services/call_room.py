"""What the calls feature needs of a meeting to open its room (registered in meetings.wiring): an accepted online
meeting, its two participants and its time. No write."""

from __future__ import annotations

from sqlmodel import Session

from engnest.calls.services.rooms import MeetingRoom
from engnest.meetings.models import Meeting

ROOM_STATUSES = frozenset({"accepted", "in_progress"})


def room_of(session: Session, meeting_id: int) -> MeetingRoom | None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.kind != "online" or meeting.status not in ROOM_STATUSES:
        return None
    return MeetingRoom(meeting.id, (meeting.requester_id, meeting.recipient_id), meeting.start_at, meeting.end_at)  # type: ignore[arg-type]
