"""Pages that emailed links open: confirm an email address, sign in by link.

Opening a link changes nothing (mail scanners and previews fetch links too, and a plain GET that signs in
invites login CSRF): the page shows which account the link is for, and a button does the work.
"""

from __future__ import annotations

import reflex as rx

from engnest.accounts.services import account_recovery, email_verification
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.login_flow import start_browser_session
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import form_error
from engnest.platform.ui.shell import auth_card


class _LinkPage(rx.State, mixin=True):
    email: str = ""  # the account the link is for; '' when the link is not live
    loaded: bool = False
    busy: bool = False
    errors: dict[str, str] = {}

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get("token", ""))[:200]

    async def _load_with(self, peek) -> None:
        """Show which account the link is for ('' when the link is not live); opening it changes nothing."""
        self.errors, self.busy = {}, False
        self.email = await in_session(peek, token=self._token(), now=utcnow())
        self.loaded = True

    async def _confirm_with(self, redeem, next_path: str):
        """The button's work: redeem the link and start a browser session, or say why not."""
        self.busy = True
        yield
        try:
            user = await in_session(redeem, token=self._token(), now=utcnow())
        except ValidationFailed as exc:
            self.errors, self.busy, self.email = exc.errors, False, ""
            return
        yield await start_browser_session(self, user, next_path)


class VerifyEmailState(_LinkPage, rx.State):
    @rx.event
    async def load(self):
        await self._load_with(email_verification.peek_link)

    @rx.event
    async def confirm(self):
        async for update in self._confirm_with(email_verification.confirm, routes.PROFILE):
            yield update


class SignInLinkState(_LinkPage, rx.State):
    @rx.event
    async def load(self):
        await self._load_with(account_recovery.peek_sign_in_link)

    @rx.event
    async def confirm(self):
        async for update in self._confirm_with(account_recovery.redeem_sign_in_link, routes.HOME):
            yield update


def _link_body(state, action: str, explain: str, dead: str, test_id: str) -> rx.Component:
    return rx.vstack(
        form_error(state.errors),
        rx.cond(
            state.email != "",
            rx.vstack(
                rx.text(explain, " ", rx.text.strong(state.email), "."),
                rx.button(action, on_click=state.confirm, loading=state.busy, size="3", width="100%", data_testid=test_id),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                state.loaded & ~state.errors.contains("form"),
                rx.callout(dead, icon="triangle_alert", color_scheme="red", width="100%", data_testid="link-dead"),
            ),
        ),
        spacing="3",
        width="100%",
    )


def verify_email_page() -> rx.Component:
    return auth_card(
        "Confirm your email address",
        "One click and you can request meetings and send messages.",
        _link_body(
            VerifyEmailState, "Confirm and sign in", "This link confirms the EngNest account of", email_verification.LINK_INVALID,
            "confirm-email",
        ),
    )


def sign_in_link_page() -> rx.Component:
    return auth_card(
        "Sign in by email link",
        "Password sign-in is paused for your account while someone tries to guess it; this link gets you in.",
        _link_body(
            SignInLinkState, "Sign in", "This link signs in to the EngNest account of", account_recovery.LINK_INVALID,
            "use-sign-in-link",
        ),
        rx.text(rx.link("Back to sign in", href=routes.SIGN_IN), size="2"),
    )


VERIFY_ON_LOAD = [AuthState.load, VerifyEmailState.load]
SIGN_IN_LINK_ON_LOAD = [AuthState.load, SignInLinkState.load]
