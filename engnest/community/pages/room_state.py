"""RoomState: one room, loaded from the database and kept live by "room" pushes (ids only; names are read
for this viewer through the services). Every handler re-checks the caller and their role on the server."""

from __future__ import annotations

import json

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.pages import room_actions as actions
from engnest.community.pages.views import Line, Member, line, member, merge, route_room
from engnest.community.services import directory, room_chat, rooms
from engnest.community.services.rooms import TOPIC
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.chat_script import refused_script

MAX_LINES = 200


class RoomState(rx.State):
    room_id: int = 0
    name: str = ""
    topic: str = ""
    tags: list[str] = []
    private: bool = False
    member_count: int = 0
    role: str = ""  # mine; '' when not a member
    pending: str = ""  # 'request' | 'invite' | ''
    loaded: bool = False
    refused: str = ""
    lines: list[Line] = []
    has_older: bool = False
    members: list[Member] = []
    requests: list[Member] = []  # people asking to join (shown to moderators and owners)
    typing: str = ""  # who is typing (the name this viewer sees)
    replying_to: int = 0  # the message the next send replies to (set by RoomExtrasState.reply_to)
    replying_preview: str = ""
    errors: dict[str, str] = {}
    me: int = 0  # the viewer's own id (their own member line has no Report button)

    _me: int = 0
    _tz: str = "UTC"
    _synced_id: int = 0

    def _close(self, reason: str) -> None:
        self.refused, self.loaded, self.lines, self.members, self.has_older, self._synced_id = reason, True, [], [], False, 0
        self.requests, self.role, self.room_id = [], "", 0

    async def _refresh(self, user_id: int, room_id: int) -> None:
        """Everything from the database for this viewer (the room card, and the chat if a member)."""
        entry = await in_session(directory.room_entry, viewer_id=user_id, room_id=room_id)
        if entry is None:
            self._close(rooms.NO_ROOM)
            return
        self.room_id, self.name, self.topic, self.tags = entry.id, entry.name, entry.topic, list(entry.tags)
        self.private, self.member_count, self.role, self.pending = entry.visibility == "private", entry.member_count, entry.role, entry.pending
        self.refused, self.loaded = "", True
        if not entry.role:
            self.lines, self.members, self.requests, self._synced_id = [], [], [], 0
            return
        page = await in_session(room_chat.read_page, viewer_id=user_id, room_id=room_id)
        self.lines = [line(r, me=user_id, tz=self._tz) for r in page.lines]
        self.has_older, self._synced_id = page.has_older, (page.lines[-1].id if page.lines else 0)
        self.members = [member(m, tz=self._tz) for m in await in_session(room_chat.members, viewer_id=user_id, room_id=room_id)]
        asking = await in_session(room_chat.join_requests, viewer_id=user_id, room_id=room_id) if entry.role in ("owner", "moderator") else []
        self.requests = [member(m, tz=self._tz) for m in asking]

    async def _user(self):
        user = await caller(self)
        if user is not None:
            self._me, self._tz, self.me = user.id, user.timezone, user.id
        return user

    @rx.event
    async def load(self):
        """on_load of /rooms/[room_id] (and every reconnect)."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        self.errors, self.typing = {}, ""
        room_id = route_room(self.router.url.path)
        if not room_id:
            self._close(rooms.NO_ROOM)
            return None
        await self._refresh(user.id, room_id)
        return None

    async def _act(self, fn, **kwargs):
        """Run a check_/do_ pair for the signed-in caller in this room, then reload what it changed."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if not self.room_id:
            return None
        try:
            await in_session(fn, me=user.id, room_id=self.room_id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors = {}
        await self._refresh(user.id, self.room_id)
        return None

    @rx.event
    async def join(self):
        return await self._act(actions.join)

    @rx.event
    async def ask(self):
        return await self._act(actions.ask)

    @rx.event
    async def leave(self):
        return await self._act(actions.leave)

    @rx.event
    async def remove_message(self, message_id: int):
        return await self._act(actions.remove_message, message_id=message_id)

    @rx.event
    async def mute(self, user_id: int):
        return await self._act(actions.mute, user_id=user_id)

    @rx.event
    async def remove_member(self, user_id: int):
        return await self._act(actions.remove_member, user_id=user_id)

    @rx.event
    async def admit(self, user_id: int):
        return await self._act(actions.admit, user_id=user_id)

    @rx.event
    async def make_role(self, user_id: int, role: str):
        return await self._act(actions.set_role, user_id=user_id, role=role)

    @rx.event
    async def send(self, form: dict):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        form = form if isinstance(form, dict) else {}
        key = form.get("client_key")
        try:
            row = await in_session(actions.send, sender_id=user.id, room_id=self.room_id, body=form.get("body"), client_key=key, now=utcnow(),
                                   reply_to_id=self.replying_to or None)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return refused_script(key)
        self.errors, self.replying_to, self.replying_preview = {}, 0, ""
        self.lines = merge(self.lines, [line(room_chat.RoomLine(row.id, user.id, "", False, row.body, row.created_at), me=user.id, tz=self._tz)])
        await self._catch_up()
        return rx.call_script(f"window.engnestChat && window.engnestChat.sent({json.dumps(key)})")

    @rx.event
    async def signal_typing(self, _value: str = ""):
        user = await self._user()
        if user is not None and self.role:
            await in_session(room_chat.signal_typing, sender_id=user.id, room_id=self.room_id)

    @rx.event
    async def mark_read(self):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if self.role and self.lines:
            try:
                await in_session(room_chat.do_mark_read, reader_id=user.id, room_id=self.room_id, now=utcnow(), up_to_id=self.lines[-1].id)
            except ValidationFailed as exc:
                self._close(exc.first())
        return None

    @rx.event
    async def load_older(self):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if not self.role or not self.has_older:
            return None
        page = await in_session(room_chat.read_page, viewer_id=user.id, room_id=self.room_id, before_id=self.lines[0].id if self.lines else None)
        self.lines, self.has_older = merge(self.lines, [line(r, me=user.id, tz=self._tz) for r in page.lines]), page.has_older
        return None

    async def _catch_up(self) -> None:
        try:
            rows = await in_session(room_chat.read_since, viewer_id=self._me, room_id=self.room_id, after_id=self._synced_id)
        except ValidationFailed as exc:
            self._close(exc.first())
            return
        if rows:
            self._synced_id = max(self._synced_id, rows[-1].id)
            lines = merge(self.lines, [line(r, me=self._me, tz=self._tz) for r in rows])
            self.lines, self.has_older = (lines[-MAX_LINES:], True) if len(lines) > MAX_LINES else (lines, self.has_older)

    async def _on_room(self, topic: str, payload: dict) -> None:
        """A push for this tab's user: reload what it can change when it is about the room on screen."""
        if not self.loaded or not self._me or payload.get("room") != self.room_id or route_room(self.router.url.path) != self.room_id:
            return
        kind = payload.get("kind")
        if kind == "message" and self.role:
            await self._catch_up()
            self.typing = ""
        elif kind == "removed":
            self.lines = [x for x in self.lines if x.id != payload.get("id")]
        elif kind == "typing":
            self.typing = next((m.name for m in self.members if m.user_id == payload.get("from")), "Someone")
        elif kind in ("members", "requests", "invited"):
            await self._refresh(self._me, self.room_id)


realtime.subscribe(TOPIC, RoomState, "_on_room")
