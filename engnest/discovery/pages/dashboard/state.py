"""DashboardState: the home page's "what now?" blocks (waiting requests, next meeting, unread conversations).
Thin: who is calling, one service read, plain rows. Reloads when a meeting or a message concerns this user."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.discovery.pages.dashboard.views import NextMeetingView, UnreadItem, WaitingItem
from engnest.discovery.services import dashboard
from engnest.meetings.services.meeting_common import TOPIC as MEETING_TOPIC
from engnest.messaging.services.messages import TOPIC as DM_TOPIC
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session


class DashboardState(rx.State):
    waiting: list[WaitingItem] = []
    next_meeting: NextMeetingView = NextMeetingView()
    has_next: bool = False
    unread: list[UnreadItem] = []
    loaded: bool = False
    _user_id: int = 0
    _tz: str = "UTC"

    async def _reload(self) -> None:
        board = await in_session(dashboard.dashboard, user_id=self._user_id, timezone=self._tz, now=utcnow())
        self.waiting = [WaitingItem(**dataclasses.asdict(w)) for w in board.waiting]
        self.has_next = board.next_meeting is not None
        self.next_meeting = NextMeetingView(**dataclasses.asdict(board.next_meeting)) if board.next_meeting else NextMeetingView()
        self.unread = [UnreadItem(**dataclasses.asdict(u)) for u in board.unread]
        self.loaded = True

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self._user_id, self._tz = user.id, user.timezone
        await self._reload()
        return None

    async def _on_push(self, topic: str, payload: dict) -> None:
        if self.loaded and self._user_id:
            await self._reload()


realtime.subscribe(MEETING_TOPIC, DashboardState, "_on_push")
realtime.subscribe(DM_TOPIC, DashboardState, "_on_push")
