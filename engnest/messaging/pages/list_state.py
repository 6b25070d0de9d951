"""ConversationsState: my collaborators with the last message, unread count and an online dot."""

from __future__ import annotations

import dataclasses
import time

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.pages.views import ConversationItem, conversation_item, last_message_texts, local_today
from engnest.messaging.services import message_rows, message_views
from engnest.messaging.services.message_rows import MessageRow
from engnest.messaging.state.unread import follow
from engnest.network.presence import TOPIC as PRESENCE_TOPIC
from engnest.platform import realtime, routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session


class ConversationsState(rx.State):
    items: list[ConversationItem] = []
    loaded: bool = False
    _me: int = 0
    _tz: str = "UTC"
    _shown_last: dict[str, int] = {}  # peer id -> newest message id the list shows for them

    async def _reload(self) -> None:
        conversations = await in_session(message_views.list_conversations, user_id=self._me)
        online = await realtime.directory().online([c.peer.id for c in conversations], time.time())
        today = local_today(utcnow(), self._tz)
        self.items = [conversation_item(c, me=self._me, tz=self._tz, today=today, online=online) for c in conversations]
        self._shown_last = {str(c.peer.id): c.last.id for c in conversations if c.last}
        self.loaded = True

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self._me, self._tz = user.id, user.timezone
        await self._reload()
        return None

    @rx.event
    async def tick(self):
        """Every half minute on the messages pages: refresh online dots (no database read)."""
        user = await caller(self)
        if user is None or not self.loaded:
            return
        online = await realtime.directory().online([i.peer_id for i in self.items], time.time())
        for item in self.items:
            item.online = item.peer_id in online
        self.items = list(self.items)
        thread = await self.get_state(ThreadState)
        if thread.loaded and thread.peer_id:
            await thread._show_presence()

    async def _on_presence(self, topic: str, payload: dict) -> None:
        """A collaborator came online or went offline (pushed to their close circle): move the dots."""
        peer, online = payload.get("user_id"), bool(payload.get("online"))
        if not self._me or not self.loaded:
            return
        position = next((i for i, item in enumerate(self.items) if item.peer_id == peer), None)
        if position is not None and self.items[position].online != online:
            items = list(self.items)
            items[position] = ConversationItem(**{**dataclasses.asdict(items[position]), "online": online})
            self.items = items
        thread = await self.get_state(ThreadState)
        if thread.loaded and thread.peer_id == peer:
            await thread._show_presence()

    async def _follow(self, payload: dict) -> None:
        if not self._me or not self.loaded:
            return
        if not self.router.url.path.startswith(routes.MESSAGES):
            self.loaded = False  # reloaded by the page's on_load when it is shown again
            return
        kind = payload.get("kind")
        if kind == "message":
            peer = payload.get("from") if payload.get("to") == self._me else payload.get("to")
        elif kind == "read" and payload.get("reader") == self._me:
            peer = payload.get("peer")  # I read it in another tab: only my unread count changes
        elif kind == "gone":
            await self._reload()
            return
        elif kind == "changed":  # an edit or delete: only a last message's preview can change
            position = next((i for i, item in enumerate(self.items) if item.conversation_id == payload.get("conversation")), None)
            if position is not None:
                await self._update(position, False)
            return
        else:
            return
        if kind == "message" and int(payload.get("id") or 0) <= self._shown_last.get(str(peer), 0):
            return  # this tab sent it and already shows it
        position = next((i for i, item in enumerate(self.items) if item.peer_id == peer), None)
        if position is None or self.items[position].conversation_id != payload.get("conversation"):
            await self._reload()
            return
        if kind == "read" and int(payload.get("up_to") or 0) >= self._shown_last.get(str(peer), 0) > 0:
            # I read past the last message the entry shows: nothing unread there, nothing else changes.
            if self.items[position].unread:
                items = list(self.items)
                items[position] = ConversationItem(**{**dataclasses.asdict(items[position]), "unread": 0})
                self.items = items
            return
        row = message_rows.pushed_row(payload) if kind == "message" else None
        if row is not None:  # the push carries the new last message: no database read
            item = self.items[position]
            self._shown_last[str(peer)] = row.id
            self._set_item(position, row, item.unread + (row.sender_id != self._me), to_top=True)
            return
        await self._update(position, kind == "message")

    def _sent(self, peer: int, last: MessageRow) -> None:
        """This tab just sent `last` to `peer`: show it in the list without asking the database."""
        position = next((i for i, item in enumerate(self.items) if item.peer_id == peer), None)
        if position is None:
            return
        self._shown_last[str(peer)] = last.id
        self._set_item(position, last, self.items[position].unread, to_top=True)

    async def _update(self, position: int, to_top: bool) -> None:
        """Refresh one entry (two small queries instead of the whole list)."""
        item = self.items[position]
        last, unread = await in_session(message_views.last_and_unread, me=self._me, conversation_id=item.conversation_id)
        if last is not None:
            self._shown_last[str(item.peer_id)] = last.id
        self._set_item(position, last, unread, to_top)

    def _set_item(self, position: int, last: MessageRow | None, unread: int, to_top: bool) -> None:
        items = list(self.items)
        text, when = last_message_texts(last, me=self._me, tz=self._tz, today=local_today(utcnow(), self._tz))
        changes = {"preview": text, "time": when, "unread": unread}
        if last is not None:
            changes["conversation_id"] = last.conversation_id
        items[position] = ConversationItem(**{**dataclasses.asdict(items[position]), **changes})
        if to_top:
            items.insert(0, items.pop(position))
        self.items = items


follow(ConversationsState, "_follow")
realtime.subscribe(PRESENCE_TOPIC, ConversationsState, "_on_presence")
