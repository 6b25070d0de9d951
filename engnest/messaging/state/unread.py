"""The live unread-messages badge in the nav, and the one receiver of "dm" pushes in each tab.

A push runs once per tab (one state lock, one delta): it refreshes the badge from the database when
the push can change it, and hands the push to the page states that registered with `follow` (the
conversation list, the open thread), so they reload what they show. Pushes are signals; the
database is the truth.

Pushes reach only tabs the realtime directory lists for the user, and a tab is listed by its
heartbeat, which re-checks the session cookie; so a push handler works for the user the tab last
loaded (`_user_id`) instead of reading the session again on every message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.messaging.services import message_views
from engnest.messaging.services.messages import TOPIC
from engnest.platform import realtime
from engnest.platform.db import in_session

# (state class, method name); the method is `async def m(self, payload: dict) -> None`.
_followers: list[tuple[type[rx.State], str]] = []


def follow(state_cls: type[rx.State], method: str) -> None:
    if (state_cls, method) not in _followers:
        _followers.append((state_cls, method))


def changes_unread(payload: dict, user_id: int) -> bool:
    """Whether a push can change `user_id`'s unread count (a message from someone else in a conversation of theirs:
    pushes reach members only; their own reading)."""
    kind = payload.get("kind")
    if kind == "message":
        return payload.get("from") != user_id
    if kind == "read":
        return payload.get("reader") == user_id
    return kind == "gone"


RECENT_IDS = 50


class UnreadState(rx.State):
    count: int = 0
    _user_id: int = 0
    _counted: list[int] = []  # the newest message ids added to `count` by pushes (a doubled push counts once)

    async def _reload(self, user_id: int | None) -> None:
        self._user_id = user_id or 0
        self.count = await in_session(message_views.unread_total, user_id=user_id) if user_id else 0

    def _count(self, payload: dict) -> bool:
        """A new message from someone else: one more unread, without counting them all again."""
        message_id = int(payload.get("id") or 0)
        if payload.get("kind") != "message" or not message_id:
            return False
        if message_id not in self._counted:
            self.count += 1
            self._counted = [*self._counted[-RECENT_IDS + 1:], message_id]
        return True

    @rx.event
    async def refresh(self):
        user = await caller(self)
        await self._reload(user.id if user else None)

    async def _on_dm(self, topic: str, payload: dict) -> None:
        jobs: list[Awaitable[None]] = []
        if self._user_id and changes_unread(payload, self._user_id) and not self._count(payload):
            jobs.append(self._reload(self._user_id))
        for state_cls, method in _followers:
            state = await self.get_state(state_cls)
            handler: Callable[[dict], Awaitable[None]] = getattr(state, method)
            jobs.append(handler(payload))
        await asyncio.gather(*jobs)  # their database reads run side by side


realtime.subscribe(TOPIC, UnreadState, "_on_dm")
