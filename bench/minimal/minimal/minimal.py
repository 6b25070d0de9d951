"""The framework's floor for one chat message (issue 17): a Reflex 0.10.1 app that only pushes a message into
the peer's open tab the way EngNest's `Realtime.deliver` does — a task on the event loop opens the peer tab's
state with `app.modify_state` and appends the line, and Reflex sends that tab the delta. No database, no
sign-in, no checks; the tab says who it is in its URL (`/chat?me=1&peer=2`).

The line has the shape of EngNest's thread lines (`id`, `mine`, `parts`), so bench/chatbench/clients.py reads
both the same way."""

from __future__ import annotations

import asyncio
import itertools

import reflex as rx
from reflex.istate.manager.token import BaseStateToken

KEEP = 20  # lines a tab holds: the floor re-sends a short list, not EngNest's 200-line thread
_ids = itertools.count(1)
_tabs: dict[int, set[str]] = {}  # user -> open tab tokens (EngNest's in-memory tab directory)
_tasks: set[asyncio.Task] = set()


def _line(body: str, mine: bool) -> dict:
    return {"id": next(_ids), "mine": mine, "parts": [{"text": body}]}


class ChatState(rx.State):
    messages: list[dict] = []
    loaded: bool = False
    _me: int = 0
    _peer: int = 0

    @rx.event
    def load(self):
        query = self.router.url.query_parameters
        self._me, self._peer = int(query.get("me", "0")), int(query.get("peer", "0"))
        _tabs.setdefault(self._me, set()).add(self.router.session.client_token)
        self.loaded = True

    @rx.event
    def heartbeat(self):
        """The tab's presence heartbeat: EngNest's refreshes the tab directory; here it only costs an event."""

    @rx.event
    def send(self, form: dict):
        body = str(form.get("body", ""))[:2000]
        if not body:
            return
        self.messages = [*self.messages[-KEEP + 1 :], _line(body, True)]
        task = asyncio.get_running_loop().create_task(_deliver(self._peer, body))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)

    async def _receive(self, body: str) -> None:
        self.messages = [*self.messages[-KEEP + 1 :], _line(body, False)]


async def _deliver(user_id: int, body: str) -> None:
    tokens = app.event_namespace._token_manager if app.event_namespace else None
    for token in list(_tabs.get(user_id, ())):
        if tokens is not None and not await tokens.is_token_connected(token):  # as Realtime.deliver: closed tabs are skipped
            _tabs[user_id].discard(token)
            continue
        async with app.modify_state(BaseStateToken(ident=token, cls=ChatState)) as root:
            state = await root.get_state(ChatState)
            await state._receive(body)


def index() -> rx.Component:
    return rx.text(ChatState.messages.length())


app = rx.App()
app.add_page(index, route="/chat")
