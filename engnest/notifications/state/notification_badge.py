"""The bell's live unread count in the nav, and the one receiver of "notifications" pushes in each tab.

Like the messages badge (state/unread.py): a push is a signal to re-read the count from the database (the
truth), and is handed to page states that registered with `follow` (the notification list), so they reload.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.notifications.services import notifications
from engnest.platform import realtime
from engnest.platform.db import in_session

# (state class, method name); the method is `async def m(self, payload: dict) -> None`.
_followers: list[tuple[type[rx.State], str]] = []


def follow(state_cls: type[rx.State], method: str) -> None:
    if (state_cls, method) not in _followers:
        _followers.append((state_cls, method))


class NotificationBadgeState(rx.State):
    count: int = 0
    _user_id: int = 0

    async def _reload(self, user_id: int | None) -> None:
        self._user_id = user_id or 0
        self.count = await in_session(notifications.bell_count, user_id=user_id) if user_id else 0

    @rx.event
    async def refresh(self):
        user = await caller(self)
        await self._reload(user.id if user else None)

    async def _on_push(self, topic: str, payload: dict) -> None:
        jobs: list[Awaitable[None]] = [self._reload(self._user_id)] if self._user_id else []
        for state_cls, method in _followers:
            state = await self.get_state(state_cls)
            handler: Callable[[dict], Awaitable[None]] = getattr(state, method)
            jobs.append(handler(payload))
        await asyncio.gather(*jobs)


realtime.subscribe(notifications.TOPIC, NotificationBadgeState, "_on_push")
