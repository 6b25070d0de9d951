"""ThreadState: one conversation, loaded from the database, kept live by "dm" pushes.

Every load and page of history is re-checked on the server (a member; collaborators, no block). The
message list only ever grows by merging rows read from the database, de-duplicated by id, so a
push that arrives twice, or a reconnect that reloads, never shows a message twice.
"""

from __future__ import annotations

import datetime as dt
import time

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.messaging import watching
from engnest.messaging.domain.messages import last_seen_phrase
from engnest.messaging.pages.views import ChatLine, append_lines, appends, chat_line, local_today, merge_lines, route_peer
from engnest.messaging.services import message_edits, message_rows, message_views, messages
from engnest.messaging.services.message_rows import MessageRow
from engnest.messaging.state.unread import follow
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import to_local

MAX_LIVE_LINES = 200




class ThreadState(rx.State):
    peer_id: int = 0
    peer_name: str = ""
    peer_initials: str = ""
    peer_avatar: str = ""
    peer_online: bool = False
    peer_activity: str = ""
    loaded: bool = False
    refused: str = ""  # why this conversation cannot be shown (checked on the server)
    messages: list[ChatLine] = []
    has_older: bool = False
    seen_id: int = 0  # my newest message the peer has read
    seen_time: str = ""
    peer_typing: bool = False
    typing_seq: int = 0  # restarts the hint's fade-out each time a typing signal arrives
    unseen: bool = False  # messages from the peer arrived here and are not marked read yet

    _me: int = 0
    _conversation_id: int = 0
    _tz: str = "UTC"
    _active: bool = False  # the thread is on screen in this tab
    _synced_id: int = 0  # newest id read from the database (own sends are merged without moving it)

    # --- helpers ---------------------------------------------------------------------------------

    def _lines(self, rows: list[MessageRow]) -> list[ChatLine]:
        now = utcnow()
        return [chat_line(r, me=self._me, tz=self._tz, today=local_today(now, self._tz), now=now) for r in rows]

    def _set_seen(self, row: MessageRow | None) -> None:
        self.seen_id = row.id if row else 0
        self.seen_time = f"{to_local(row.read_at, self._tz):%H:%M}" if row and row.read_at else ""

    def _seen_from_push(self, payload: dict) -> bool:
        """The peer read up to the pushed position: "Seen" moves to my newest shown message at or below it (the
        shown lines are the newest, without gaps). False when the push does not say, or no shown line of mine is
        below it: the caller asks the database."""
        up_to, read_at = int(payload.get("up_to") or 0), payload.get("read_at")
        mine = [line.id for line in self.messages if line.mine and line.id <= up_to]
        if not mine or not isinstance(read_at, str):
            return False
        if mine[-1] > self.seen_id:  # a late push about an older position moves nothing back
            self.seen_id, self.seen_time = mine[-1], f"{to_local(dt.datetime.fromisoformat(read_at), self._tz):%H:%M}"
        return True

    def _close(self, reason: str) -> None:
        self.peer_id, self.peer_name, self.peer_initials, self.peer_avatar = 0, "", "", ""
        self.peer_online, self.peer_activity, self.peer_typing = False, "", False
        self.messages, self.has_older, self.seen_id, self.seen_time, self.unseen = [], False, 0, "", False
        self.refused, self.loaded, self._active, self._conversation_id = reason, True, False, 0

    async def _show_presence(self) -> None:
        directory = realtime.directory()
        now = time.time()
        online = self.peer_id in await directory.online([self.peer_id], now)
        seen = (await directory.last_seen([self.peer_id])).get(self.peer_id)
        self.peer_online = online
        self.peer_activity = "Online" if online else last_seen_phrase(None if seen is None else now - seen)

    def _on_thread_page(self) -> bool:
        return self._active and route_peer(self.router.url.path) == self.peer_id

    def _add_newer(self, rows: list[MessageRow]) -> None:
        fresh = sorted(self._lines(rows), key=lambda line: line.id)
        if fresh and appends(self.messages, fresh) and len(self.messages) + len(fresh) <= MAX_LIVE_LINES:
            append_lines(self.messages, fresh)
            return
        lines = merge_lines(self.messages, fresh)
        if len(lines) > MAX_LIVE_LINES:  # the state (and each delta) stays small; older ones reload on scroll
            lines, self.has_older = merge_lines([], lines[-MAX_LIVE_LINES:]), True
        self.messages = lines

    async def _catch_up(self, announced_id: int = 0) -> None:
        """Merge in everything newer than what this tab last read from the database, and the message
        a push announced even if a newer one was read first (ids are not committed in order)."""
        after = self._synced_id if not announced_id or announced_id > self._synced_id else announced_id - 1
        try:
            rows = await in_session(
                message_views.check_thread_since, me=self._me, conversation_id=self._conversation_id, after_id=after
            )
        except ValidationFailed as exc:
            self._close(exc.first())
            return
        if rows:
            self._synced_id = max(self._synced_id, rows[-1].id)
            self._add_newer(rows)

    def _tab(self) -> str:
        return self.router.session.client_token

    def _add_sent(self, row: MessageRow) -> None:
        """This tab just sent `row` (newer messages from the peer arrive by their own pushes)."""
        self._add_newer([row])

    async def _refresh_line(self, message_id: int) -> None:
        """Re-read one shown message after it was edited or deleted (a push, or this tab's own change)."""
        index = next((i for i, line in enumerate(self.messages) if line.id == message_id), None)
        if index is None:
            return  # not on screen: it is read fresh when it is loaded
        try:
            row = await in_session(
                message_edits.check_message_row, me=self._me, conversation_id=self._conversation_id, message_id=message_id
            )
        except ValidationFailed as exc:
            self._close(exc.first())
            return
        if row is not None:
            line = self._lines([row])[0]
            line.new_day = self.messages[index].new_day
            self.messages[index] = line

    # --- handlers --------------------------------------------------------------------------------

    @rx.event
    async def load(self):
        """on_load of /messages/[user_id] (also re-run by every reconnect): reload from the database."""
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        peer = route_peer(self.router.url.path)
        self._me, self._tz = user.id, user.timezone
        # Join the pushes before reading: a message committed after the read is pushed here, one committed
        # before is in the read (a reconnect comes back under a new tab token; its heartbeat may be seconds away).
        await realtime.join(user.id, self._tab())
        try:
            opened = await in_session(messages.open_thread, me=user.id, peer=peer, now=utcnow()) if peer else None
        except ValidationFailed as exc:
            opened, refusal = None, exc.first()
        else:
            refusal = message_views.NOT_COLLABORATORS
        if opened is None:
            self._close(refusal)
            await watching.registry().hide(user.id, self._tab())
            return None
        self._conversation_id = opened.conversation_id
        if peer != self.peer_id:
            self.peer_typing = False
        self.peer_id, self.peer_name = peer, opened.peer.name
        self.peer_initials, self.peer_avatar = opened.peer.initials, opened.peer.avatar_url
        self.messages = merge_lines([], self._lines(opened.page.messages))
        self._synced_id = self.messages[-1].id if self.messages else 0
        self.has_older = opened.page.has_older
        self._set_seen(opened.seen)
        self.refused, self.unseen, self.loaded, self._active = "", False, True, True
        await watching.registry().show(user.id, self._tab(), peer)
        await self._show_presence()
        return None

    @rx.event
    async def leave(self):
        """The thread left the screen (navigation): stop marking messages read, notify again."""
        user = await caller(self)
        self._active = False
        if user is not None:
            await watching.registry().hide(user.id, self._tab())

    @rx.event
    async def load_older(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        if not self.loaded or self.refused or not self.has_older or user.id != self._me:
            return None
        oldest = self.messages[0].id if self.messages else None
        try:
            page = await in_session(
                message_views.check_thread_page, me=user.id, conversation_id=self._conversation_id, before_id=oldest
            )
        except ValidationFailed as exc:
            self._close(exc.first())
            return None
        self.messages = merge_lines(self.messages, self._lines(page.messages))
        self.has_older = page.has_older
        return None

    @rx.event
    async def mark_read(self):
        """The page is visible and scrolled to the newest message: what arrived is now seen."""
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        if not self.loaded or self.refused or user.id != self._me:
            return None
        theirs = [line.id for line in self.messages if not line.mine]
        if theirs:
            try:
                await in_session(
                    messages.mark_read, reader_id=user.id, conversation_id=self._conversation_id, now=utcnow(), up_to_id=max(theirs)
                )
            except ValidationFailed as exc:
                self._close(exc.first())
                return None
        self.unseen = False
        return None

    # --- pushes ----------------------------------------------------------------------------------

    async def _follow(self, payload: dict) -> None:
        if not self.loaded or not self._me or not self._on_thread_page():
            return
        kind = payload.get("kind")
        if payload.get("conversation", self._conversation_id) != self._conversation_id:
            return
        if kind == "typing":
            if payload.get("from") == self.peer_id:
                self.peer_typing, self.typing_seq = True, self.typing_seq + 1
            return
        if kind == "message":
            if any(line.id == payload.get("id") for line in self.messages[-10:]):
                return  # this tab sent it and shows it already
            row = message_rows.pushed_row(payload)
            if row is None:
                await self._catch_up(int(payload.get("id") or 0))
            else:  # the push carries the row: every message has its own push, so nothing is read again
                self._synced_id = max(self._synced_id, row.id)
                self._add_newer([row])
            if payload.get("from") == self.peer_id and not self.refused:
                self.unseen, self.peer_typing = True, False
        elif kind == "changed":
            await self._refresh_line(int(payload.get("id") or 0))
        elif kind == "read" and payload.get("reader") == self.peer_id:
            if not self._seen_from_push(payload):
                self._set_seen(await in_session(message_views.last_seen, me=self._me, conversation_id=self._conversation_id))
        elif kind == "gone" and payload.get("peer") == self.peer_id:
            self._close(message_views.NOT_COLLABORATORS)


follow(ThreadState, "_follow")
