"""EditState and SearchState: changing your own messages and searching the conversation open in this tab.

Every handler re-checks the caller and calls a service that re-checks membership, authorship and the edit
window; the other member's tabs follow by the "changed" push (ThreadState), this tab at once.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.messaging.domain.messages import preview
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.services import message_edits
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local

SNIPPET = 160


async def _thread_for(state: rx.State, user_id: int) -> ThreadState | None:
    thread = await state.get_state(ThreadState)
    if not thread.loaded or thread.refused or user_id != thread._me:
        return None
    return thread


class EditState(rx.State):
    editing_id: int = 0
    confirm_id: int = 0  # the message whose "Delete?" is asked (a delete cannot be undone)
    error: str = ""
    error_id: int = 0  # the message the error is about

    @rx.event
    async def start(self, message_id: int):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.editing_id, self.confirm_id, self.error, self.error_id = parse_id(message_id) or 0, 0, "", 0
        return None

    @rx.event
    async def ask_delete(self, message_id: int):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.confirm_id, self.editing_id, self.error, self.error_id = parse_id(message_id) or 0, 0, "", 0
        return None

    @rx.event
    async def cancel(self):
        await caller(self)
        self.editing_id, self.confirm_id, self.error, self.error_id = 0, 0, "", 0

    async def _change(self, message_id: int | None, body: object | None) -> None:
        user = await caller(self)
        thread = await _thread_for(self, user.id) if user else None
        if user is None or thread is None or message_id is None:
            self.error, self.error_id = "Reload the page to change this message.", message_id or 0
            return
        try:
            if body is None:
                row = await in_session(message_edits.delete_message, editor_id=user.id, message_id=message_id, now=utcnow())
            else:
                row = await in_session(message_edits.edit_message, editor_id=user.id, message_id=message_id, body=body, now=utcnow())
        except ValidationFailed as exc:
            self.error, self.error_id = exc.first(), message_id
            return
        self.editing_id, self.confirm_id, self.error, self.error_id = 0, 0, "", 0
        if row.conversation_id == thread._conversation_id:
            await thread._refresh_line(row.id)

    @rx.event
    async def save(self, form: dict):
        if await caller(self) is None:
            return to_sign_in(self)
        form = form if isinstance(form, dict) else {}
        await self._change(parse_id(form.get("message_id")), form.get("body"))
        return None

    @rx.event
    async def delete(self, message_id: int):
        if await caller(self) is None:
            return to_sign_in(self)
        await self._change(parse_id(message_id), None)
        return None


@dataclasses.dataclass
class SearchHit:
    id: int = 0
    mine: bool = False
    text: str = ""
    stamp: str = ""


class SearchState(rx.State):
    query: str = ""
    hits: list[SearchHit] = []
    has_more: bool = False
    searched: bool = False
    error: str = ""

    async def _search(self, query: str, before_id: int | None) -> None:
        user = await caller(self)
        thread = await _thread_for(self, user.id) if user else None
        if user is None or thread is None:
            self.error = "Reload the page to search this conversation."
            return
        try:
            page = await in_session(
                message_edits.search_messages, me=user.id, conversation_id=thread._conversation_id, query=query, before_id=before_id
            )
        except ValidationFailed as exc:
            self.error = exc.first()
            return
        hits = [SearchHit(r.id, r.sender_id == user.id, preview(r.body, SNIPPET), format_local(r.created_at, user.timezone)) for r in page.rows]
        self.hits = [*self.hits, *hits] if before_id else hits
        self.query, self.has_more, self.searched, self.error = query, page.has_more, True, ""

    @rx.event
    async def search(self, form: dict):
        if await caller(self) is None:
            return to_sign_in(self)
        query = form.get("query") if isinstance(form, dict) else None
        await self._search(query if isinstance(query, str) else "", None)
        return None

    @rx.event
    async def more(self):
        if await caller(self) is None:
            return to_sign_in(self)
        if self.searched and self.has_more and self.hits:
            await self._search(self.query, self.hits[-1].id)
        return None

    @rx.event
    async def clear(self):
        await caller(self)
        self.query, self.hits, self.has_more, self.searched, self.error = "", [], False, False, ""
