"""Sign in. Unknown email and wrong password give the same message (and take the same time). While an account
is under attack (services.login_limits) the form offers a one-time sign-in link by email instead."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.services import account_recovery, accounts
from engnest.accounts.services.login_limits import AccountUnderAttack
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.login_flow import start_browser_session
from engnest.accounts.state.session import BrowserTimezone
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import field, form_error, submit_button, text_input
from engnest.platform.ui.shell import BROWSER_TZ_JS, auth_card


class SigninState(BrowserTimezone, rx.State):
    errors: dict[str, str] = {}
    busy: bool = False
    offer_link: bool = False
    link_note: str = ""
    _last_email: str = ""

    @rx.var
    def notice(self) -> str:
        params = self.router.url.query_parameters
        if params.get("reset"):
            return "Your password was changed and every session was signed out. Sign in with your new password."
        if params.get("expired"):
            return "That sign-in link expired. Please sign in again."
        if params.get("next"):
            return "Please sign in to continue."
        return ""

    @rx.event
    def reset_form(self):
        self.errors, self.busy, self.offer_link, self.link_note, self._last_email = {}, False, False, "", ""

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.errors, self.busy, self.offer_link, self.link_note = {}, True, False, ""
        self._last_email = str(form.get("email", ""))[:320]
        yield
        try:
            user = await in_session(
                accounts.check_credentials,
                email=self._last_email,
                password=str(form.get("password", "")),
                client=self.router.session.client_ip or "unknown",
            )
            await in_session(accounts.record_browser_timezone, user=user, timezone=self.browser_tz)
        except AccountUnderAttack as exc:
            self.errors, self.busy, self.offer_link = exc.errors, False, True
            return
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return
        self.busy = False
        yield await start_browser_session(self, user, self.router.url.query_parameters.get("next", routes.HOME))

    @rx.event
    async def email_link(self):
        """'Email me a sign-in link' (offered while the account is under attack). Same answer for any address."""
        if not self._last_email:
            return
        self.busy = True
        yield
        try:
            await in_session(
                account_recovery.request_sign_in_link,
                email=self._last_email,
                client=self.router.session.client_ip or "unknown",
                now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors, self.busy = {"form": exc.first()}, False
            return
        minutes = int(account_recovery.sign_in_ttl().total_seconds() // 60)
        self.errors, self.busy, self.offer_link = {}, False, False
        self.link_note = f"If an account uses that address, we emailed it a sign-in link. It works once, for {minutes} minutes."


def signin_page() -> rx.Component:
    errors = SigninState.errors
    return auth_card(
        "Welcome back",
        "Sign in to find collaborators and plan your next meeting.",
        rx.cond(SigninState.notice != "", rx.callout(SigninState.notice, icon="info", width="100%")),
        rx.cond(
            SigninState.link_note != "",
            rx.callout(SigninState.link_note, icon="mail", color_scheme="green", width="100%", data_testid="sign-in-link-sent"),
        ),
        rx.form(
            rx.vstack(
                form_error(errors),
                rx.cond(
                    SigninState.offer_link,
                    rx.button(
                        "Email me a sign-in link", type="button", on_click=SigninState.email_link, loading=SigninState.busy,
                        variant="soft", width="100%", data_testid="email-sign-in-link",
                    ),
                ),
                field("Email", text_input("email", type="email", auto_complete="username"), errors, "email"),
                field("Password", text_input("password", type="password", auto_complete="current-password"), errors, "password"),
                rx.link("Forgot your password?", href=routes.FORGOT_PASSWORD, size="2", data_testid="forgot-password"),
                submit_button("Sign in", loading=SigninState.busy, width="100%", data_testid="signin-submit"),
                rx.text("New to EngNest? ", rx.link("Create an account", href=routes.SIGN_UP), size="2"),
                spacing="4",
                width="100%",
            ),
            on_submit=SigninState.submit,
            on_mount=rx.call_script(BROWSER_TZ_JS, callback=SigninState.set_browser_tz),
            width="100%",
        ),
    )


ON_LOAD = [AuthState.redirect_if_signed_in, SigninState.reset_form]
