"""Forgot password: ask for a reset link (same answer for any address), then choose a new password on the
page the link opens. A reset signs the account out everywhere; the person then signs in again."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.domain.accounts import MIN_PASSWORD_LENGTH
from engnest.accounts.services import account_recovery
from engnest.accounts.state.auth import AuthState
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import field, form_error, submit_button, text_input
from engnest.platform.ui.shell import auth_card


class ForgotPasswordState(rx.State):
    errors: dict[str, str] = {}
    busy: bool = False
    sent_to: str = ""

    @rx.event
    def reset_form(self):
        self.errors, self.busy, self.sent_to = {}, False, ""

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        email = str(form.get("email", ""))[:320]
        self.errors, self.busy = {}, True
        yield
        try:
            await in_session(
                account_recovery.request_reset, email=email, client=self.router.session.client_ip or "unknown", now=utcnow()
            )
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return
        self.busy, self.sent_to = False, email.strip()


class ResetPasswordState(rx.State):
    errors: dict[str, str] = {}
    busy: bool = False
    live: bool = False
    loaded: bool = False

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get("token", ""))[:200]

    @rx.event
    async def load(self):
        self.errors, self.busy = {}, False
        self.live = await in_session(account_recovery.reset_link_is_live, token=self._token(), now=utcnow())
        self.loaded = True

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.errors, self.busy = {}, True
        yield
        try:
            await in_session(
                account_recovery.reset_password,
                token=self._token(),
                new_password=str(form.get("new_password", "")),
                confirm=str(form.get("confirm_password", "")),
                now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return
        self.busy, self.live = False, False
        yield rx.redirect(f"{routes.SIGN_IN}?reset=1")


def forgot_password_page() -> rx.Component:
    errors = ForgotPasswordState.errors
    minutes = int(account_recovery.reset_ttl().total_seconds() // 60)
    return auth_card(
        "Forgot your password?",
        "Enter your email address and we will send you a link to choose a new one.",
        rx.cond(
            ForgotPasswordState.sent_to != "",
            rx.callout(
                rx.text(
                    "If an account uses ", rx.text.strong(ForgotPasswordState.sent_to),
                    f", we emailed it a link to choose a new password. The link works once, for {minutes} minutes.",
                ),
                icon="mail", color_scheme="green", width="100%", data_testid="reset-link-sent",
            ),
            rx.form(
                rx.vstack(
                    form_error(errors),
                    field("Email", text_input("email", type="email", auto_complete="username"), errors, "email"),
                    submit_button("Email me a reset link", loading=ForgotPasswordState.busy, width="100%", data_testid="forgot-submit"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
                width="100%",
            ),
        ),
        rx.text(rx.link("Back to sign in", href=routes.SIGN_IN), size="2"),
    )


def reset_password_page() -> rx.Component:
    errors = ResetPasswordState.errors
    return auth_card(
        "Choose a new password",
        "Setting a new password signs you out on every device.",
        rx.cond(
            ResetPasswordState.live,
            rx.form(
                rx.vstack(
                    form_error(errors),
                    field(
                        "New password", text_input("new_password", type="password", auto_complete="new-password"), errors,
                        "new_password", hint=f"At least {MIN_PASSWORD_LENGTH} characters; common passwords are refused.",
                    ),
                    field("Repeat the new password", text_input("confirm_password", type="password", auto_complete="new-password"), errors, "confirm_password"),
                    submit_button("Set the new password", loading=ResetPasswordState.busy, width="100%", data_testid="reset-submit"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ResetPasswordState.submit,
                width="100%",
            ),
            rx.cond(
                ResetPasswordState.loaded,
                rx.callout(
                    rx.text(account_recovery.LINK_INVALID, " ", rx.link("Get a new link", href=routes.FORGOT_PASSWORD)),
                    icon="triangle_alert", color_scheme="red", width="100%", data_testid="link-dead",
                ),
            ),
        ),
    )


FORGOT_ON_LOAD = [AuthState.load, ForgotPasswordState.reset_form]
RESET_ON_LOAD = [AuthState.load, ResetPasswordState.load]
