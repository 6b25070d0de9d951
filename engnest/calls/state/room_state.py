"""MeetingRoomState: the "Join" card on an online meeting's page (calls.pages.room). It shows the room's window in
the viewer's timezone; the button itself goes through calls.js and CallState.join, which re-check everything (a
participant, inside the window, still allowed to call each other)."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.calls.domain import call_rules as rules
from engnest.calls.services import rooms
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import ensure_aware_utc, to_local


def _ms(value: dt.datetime) -> int:
    return int(ensure_aware_utc(value).timestamp() * 1000)


class MeetingRoomState(rx.State):
    meeting_id: int = 0  # 0: no room here (not an accepted online meeting of mine)
    opens: str = ""  # "14:50" in my timezone
    closes: str = ""
    opens_ms: int = 0  # calls.js enables the button inside [opens_ms, closes_ms) (the server re-checks)
    closes_ms: int = 0
    is_open: bool = False  # when the page was loaded
    attended: str = ""  # "You were in the room for 12 min." once I joined

    @rx.event
    async def load(self):
        """on_load of /meetings/[id]: the room of this meeting, if it is an accepted online meeting of mine."""
        self.meeting_id, self.is_open, self.attended = 0, False, ""
        user = await caller(self)
        mid = parse_id((self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1])
        if user is None or mid is None:
            return
        room = await in_session(rooms.room_for, meeting_id=mid, me=user.id)
        if room is None:
            return
        now = utcnow()
        opens_at = ensure_aware_utc(room.starts_at) - dt.timedelta(minutes=rules.ROOM_OPENS_MINUTES)
        self.meeting_id = room.meeting_id
        self.opens, self.closes = f"{to_local(opens_at, user.timezone):%H:%M}", f"{to_local(room.ends_at, user.timezone):%H:%M}"
        self.opens_ms, self.closes_ms = _ms(opens_at), _ms(room.ends_at)
        self.is_open = rules.room_refusal(starts_at=room.starts_at, ends_at=room.ends_at, now=now) is None
        seconds = (await in_session(rooms.attendance, meeting_id=room.meeting_id, now=now)).get(user.id, 0)
        if seconds:
            self.attended = f"You were in the room for {rules.duration_phrase(seconds)}."
