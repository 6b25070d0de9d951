"""RoomExtrasState: reactions and reply quotes under the room's lines, and the message a reply is being written to.
Read from the database for the lines RoomState shows (the services check membership and keep other rooms'
messages out); kept live by the room's id-only pushes."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.pages.room_state import RoomState
from engnest.community.services import room_extras
from engnest.community.services.rooms import TOPIC
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

REACTIONS = list(room_extras.REACTIONS)


@dataclasses.dataclass
class Chip:
    emoji: str = ""
    count: int = 0
    mine: bool = False


@dataclasses.dataclass
class QuoteView:
    sender: str = ""
    text: str = ""


def react_action(*, session, me: int, room_id: int, message_id: object, emoji: object, now) -> bool:
    request = room_extras.check_react(session=session, user_id=me, room_id=room_id, message_id=message_id, emoji=emoji)
    return room_extras.do_react(session=session, request=request, now=now)


class RoomExtrasState(rx.State):
    reactions: dict[str, list[Chip]] = {}  # by message id (as text: JSON keys)
    quotes: dict[str, QuoteView] = {}
    error: str = ""

    async def _reload(self) -> None:
        room = await self.get_state(RoomState)
        if not room.role or not room.room_id or not room.lines:
            self.reactions, self.quotes = {}, {}
            return
        try:
            found = await in_session(room_extras.extras, viewer_id=room._me, room_id=room.room_id, message_ids=[x.id for x in room.lines])
        except ValidationFailed:
            self.reactions, self.quotes = {}, {}
            return
        self.reactions = {str(mid): [Chip(r.emoji, r.count, r.mine) for r in chips] for mid, chips in found.reactions.items()}
        self.quotes = {str(mid): QuoteView(q.sender, q.text) for mid, q in found.quotes.items()}

    @rx.event
    async def load(self):
        """After RoomState.load (the page's on_load chain)."""
        if await caller(self) is None:
            return to_sign_in(self)
        self.error = ""
        await self._reload()
        return None

    @rx.event
    async def react(self, message_id: int, emoji: str):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        room = await self.get_state(RoomState)
        try:
            await in_session(react_action, me=user.id, room_id=room.room_id, message_id=message_id, emoji=emoji, now=utcnow())
        except ValidationFailed as exc:
            self.error = exc.first()
            return None
        self.error = ""
        await self._reload()
        return None

    @rx.event
    async def reply_to(self, message_id: int):
        """Reply to a line on screen (the server checks again, at the send, that it is in the room)."""
        room = await self.get_state(RoomState)
        shown = next((x for x in room.lines if x.id == message_id), None)
        room.replying_to = shown.id if shown else 0
        room.replying_preview = f"{shown.sender}: {''.join(p.text for p in shown.parts)[:80]}" if shown else ""

    @rx.event
    async def cancel_reply(self):
        room = await self.get_state(RoomState)
        room.replying_to, room.replying_preview = 0, ""

    async def _on_room(self, topic: str, payload: dict) -> None:
        room = await self.get_state(RoomState)
        if payload.get("room") == room.room_id and payload.get("kind") == "reactions":
            await self._reload()


realtime.subscribe(TOPIC, RoomExtrasState, "_on_room")
