"""The signed-in user's identity for the whole UI (nav, guards). Holds nothing secret."""

from __future__ import annotations

import asyncio

import reflex as rx

from engnest.accounts.services import email_verification
from engnest.accounts.state.session import caller, sign_out_and_go, to_sign_in
from engnest.platform import realtime, routes
from engnest.platform.db import in_session
from engnest.profiles.services import profiles


class AuthState(rx.State):
    known: bool = False  # whether the session has been checked since this tab loaded (the UI waits for it)
    signed_in: bool = False
    email: str = ""
    display_name: str = ""
    timezone: str = "UTC"
    profile_complete: bool = False
    email_verified: bool = True  # False shows the "confirm your email" banner

    def _clear(self) -> None:
        self.signed_in, self.email, self.display_name = False, "", ""
        self.timezone, self.profile_complete, self.email_verified = "UTC", False, True

    async def _refresh(self) -> bool:
        from engnest.messaging.state.unread import UnreadState
        from engnest.notifications.state.notification_badge import NotificationBadgeState

        user = await caller(self)
        unread = await self.get_state(UnreadState)
        bell = await self.get_state(NotificationBadgeState)
        # Page loads and reconnects fix stale badges (a user who was away sees what arrived meanwhile).
        await asyncio.gather(unread._reload(user.id if user else None), bell._reload(user.id if user else None))
        self.known = True
        if user is None:
            self._clear()
            return False
        owner = await in_session(profiles.load_owner_profile, user_id=user.id)
        name = f"{owner.profile.first_name} {owner.profile.last_name}".strip()
        self.signed_in, self.email, self.timezone = True, user.email, user.timezone
        self.display_name = name or user.email.split("@", 1)[0]
        self.profile_complete = owner.profile.is_complete
        self.email_verified = await in_session(email_verification.is_verified, user_id=user.id)
        return True

    async def _on_profile_push(self, topic: str, payload: dict) -> None:
        """Another tab of this user changed the profile: refresh the name in the nav."""
        await self._refresh()

    @rx.event
    async def load(self):
        """on_load for public pages: know whether someone is signed in."""
        await self._refresh()

    @rx.event
    async def require_login(self):
        """on_load for private pages. Only hides UI: every handler checks again."""
        if not await self._refresh():
            return to_sign_in(self)

    @rx.event
    async def redirect_if_signed_in(self):
        """on_load for the landing, sign-in and sign-up pages."""
        if await self._refresh():
            return rx.redirect(routes.HOME)

    @rx.event
    async def sign_out(self):
        from engnest.network.state.presence import PresenceState

        presence = await self.get_state(PresenceState)
        await presence.leave()
        self._clear()
        return sign_out_and_go(self)


realtime.subscribe(profiles.PROFILE_TOPIC, AuthState, "_on_profile_push")
