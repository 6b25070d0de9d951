"""Each signed-in tab registers itself in the realtime tab directory and keeps a heartbeat, so
pushes can reach it (on any worker) and others can see the user online."""

from __future__ import annotations

import logging
import time

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.network import presence
from engnest.platform import realtime
from engnest.platform.ui.interval import every

log = logging.getLogger(__name__)


class PresenceState(rx.State):
    _user_id: int = 0
    live: bool = True  # False while the database or Redis is out: live updates are paused (shown, never a toast)
    back: bool = False  # True for one heartbeat after an outage: the person sees that live updates resumed

    @rx.event
    async def heartbeat(self, _value: str = ""):
        """Background work the person did not ask for: an outage is logged and shown as the connection state,
        never raised (the app's error handler would tell them "nothing was saved" for nothing they did)."""
        try:
            await self._beat()
        except Exception:  # noqa: BLE001 - any outage (database, Redis, network); the next beat retries
            log.warning("presence heartbeat failed; live updates paused for this tab", exc_info=True)
            self.live = False
        else:
            self.back = not self.live
            self.live = True

    async def _beat(self) -> None:
        user = await caller(self)
        token = self.router.session.client_token
        if user is None:
            if self._user_id:
                await self._drop(self._user_id, token)
                self._user_id = 0
            return
        if self._user_id and self._user_id != user.id:
            await self._drop(self._user_id, token)
        self._user_id = user.id
        await realtime.join(user.id, token)

    async def _drop(self, user_id: int, token: str) -> None:
        if await realtime.directory().drop(user_id, token, time.time()):
            await presence.announce(user_id, False)

    @rx.event
    async def leave(self):
        """The tab signed out: stop routing this user's pushes to it."""
        if self._user_id:
            await self._drop(self._user_id, self.router.session.client_token)
            self._user_id = 0


def heartbeat() -> rx.Component:
    """Fires on mount and every HEARTBEAT_SECONDS while the page is open; visible only while live updates are
    interrupted, and for one heartbeat once they are back."""
    return rx.fragment(
        every(realtime.HEARTBEAT_SECONDS * 1000, PresenceState.heartbeat),
        rx.cond(
            PresenceState.live,
            rx.fragment(),
            rx.callout(
                "Reconnecting… live updates are paused until the connection is back.",
                icon="wifi_off", color_scheme="amber", size="1", role="status", data_testid="connection-state",
            ),
        ),
        rx.cond(
            PresenceState.back,
            rx.callout("Connected again: live updates are back.", icon="wifi", color_scheme="green", size="1", role="status",
                       data_testid="connection-back"),
            rx.fragment(),
        ),
    )
