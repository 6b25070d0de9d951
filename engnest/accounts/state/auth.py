"""The signed-in user's identity for the whole UI (nav, guards). Holds nothing secret."""

from __future__ import annotations

import asyncio

import reflex as rx

from engnest.accounts.services import email_verification
from engnest.accounts.state.auth_hooks import IDENTITY, PAGE_LOAD_HOOKS, SIGN_OUT_HOOKS
from engnest.accounts.state.session import caller, sign_out_and_go, to_sign_in
from engnest.platform import routes
from engnest.platform.db import in_session


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
        user = await caller(self)
        reloads = [await hook(self, user.id if user else None) for hook in PAGE_LOAD_HOOKS]
        # Page loads and reconnects fix stale badges (a user who was away sees what arrived meanwhile).
        await asyncio.gather(*reloads)
        self.known = True
        if user is None:
            self._clear()
            return False
        identity = await IDENTITY[0](user.id)
        self.signed_in, self.email, self.timezone = True, user.email, user.timezone
        self.display_name = identity.name or user.email.split("@", 1)[0]
        self.profile_complete = identity.profile_complete
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
        for hook in SIGN_OUT_HOOKS:
            await hook(self)
        self._clear()
        return sign_out_and_go(self)

