"""The live unread-room-messages badge beside Rooms in the nav: reloaded on page loads and on "room" pushes that
can change it (a new message in one of my rooms, my own reading, my membership). Pushes are signals; the
database is the truth."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.community.services import room_chat
from engnest.community.services.rooms import TOPIC
from engnest.platform import realtime
from engnest.platform.db import in_session

CHANGES = frozenset({"message", "read", "removed", "members"})


class RoomsUnreadState(rx.State):
    count: int = 0
    _user_id: int = 0

    async def _reload(self, user_id: int | None) -> None:
        self._user_id = user_id or 0
        self.count = await in_session(room_chat.unread_total, user_id=user_id) if user_id else 0

    @rx.event
    async def refresh(self):
        user = await caller(self)
        await self._reload(user.id if user else None)

    async def _on_room(self, topic: str, payload: dict) -> None:
        if self._user_id and payload.get("kind") in CHANGES:
            await self._reload(self._user_id)


realtime.subscribe(TOPIC, RoomsUnreadState, "_on_room")
