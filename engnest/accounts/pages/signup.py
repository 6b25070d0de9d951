"""Sign up: email, password, date of birth; the browser's timezone is captured silently.

The answer is "check your inbox" whether the address is new or already has an account (whose owner is
emailed instead), and no session starts in either case: the emailed link confirms the address and signs in.
"""

from __future__ import annotations

import reflex as rx

from engnest.accounts.domain.accounts import MIN_PASSWORD_LENGTH
from engnest.accounts.services import accounts
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.session import BrowserTimezone
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import field, form_error, submit_button, text_input
from engnest.platform.ui.shell import BROWSER_TZ_JS, auth_card


class SignupState(BrowserTimezone, rx.State):
    errors: dict[str, str] = {}
    busy: bool = False
    sent_to: str = ""  # set: show "check your inbox" instead of the form

    @rx.event
    def reset_form(self):
        self.errors, self.busy, self.sent_to = {}, False, ""

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.errors, self.busy = {}, True
        yield
        email = str(form.get("email", ""))
        try:
            await in_session(
                accounts.signup,
                email=email,
                password=str(form.get("password", "")),
                birth_date=str(form.get("birth_date", "")),
                timezone=self.browser_tz,
                now=utcnow(),
                client=self.router.session.client_ip or "unknown",
            )
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return
        # New account or not, the same answer (the result is deliberately not looked at).
        self.busy, self.sent_to = False, email.strip()[:254]

    @rx.event
    def clear_error(self, name: str):
        """The person changed a field: its server error (and the form's) no longer applies."""
        if isinstance(name, str) and (name in self.errors or "form" in self.errors):
            self.errors = {k: v for k, v in self.errors.items() if k not in (name, "form")}


def check_inbox(sent_to: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.text("We sent an email to ", rx.text.strong(sent_to), ". Open the link in it to confirm your address and sign in."),
            icon="mail",
            color_scheme="green",
            width="100%",
        ),
        rx.text("It can take a minute to arrive; look in your spam folder too. The link works once.", size="2", color_scheme="gray"),
        rx.text("Already confirmed? ", rx.link("Sign in", href=routes.SIGN_IN), size="2"),
        spacing="3",
        width="100%",
        data_testid="signup-check-inbox",
    )


def signup_form(errors: rx.Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            form_error(errors),
            field("Email", text_input("email", type="email", placeholder="you@example.com", auto_complete="email", on_change=lambda _v: SignupState.clear_error("email")), errors, "email"),
            field(
                "Password",
                text_input("password", type="password", auto_complete="new-password", on_change=lambda _v: SignupState.clear_error("password")),
                errors,
                "password",
                hint=f"At least {MIN_PASSWORD_LENGTH} characters; common passwords are refused.",
            ),
            field(
                "Date of birth", text_input("birth_date", type="date", on_change=lambda _v: SignupState.clear_error("birth_date")),
                errors, "birth_date", hint="You must be 16 or older.",
            ),
            submit_button("Create account", loading=SignupState.busy, width="100%", data_testid="signup-submit"),
            rx.text("Already a member? ", rx.link("Sign in", href=routes.SIGN_IN), size="2"),
            spacing="4",
            width="100%",
        ),
        on_submit=SignupState.submit,
        on_mount=rx.call_script(BROWSER_TZ_JS, callback=SignupState.set_browser_tz),
        width="100%",
    )


def signup_page() -> rx.Component:
    return auth_card(
        "Create your account",
        "Join engineers of every discipline who want to build things together.",
        rx.cond(SignupState.sent_to != "", check_inbox(SignupState.sent_to), signup_form(SignupState.errors)),
    )


ON_LOAD = [AuthState.redirect_if_signed_in, SignupState.reset_form]
