"""Sign in. Unknown email and wrong password give the same message (and take the same time)."""

from __future__ import annotations

import reflex as rx

from engnest import routes
from engnest.components.forms import field, form_error, submit_button, text_input
from engnest.db import in_session
from engnest.domain.errors import ValidationFailed
from engnest.pages.shell import BROWSER_TZ_JS, auth_card
from engnest.services import accounts
from engnest.state.auth import AuthState
from engnest.state.session import BrowserTimezone, start_browser_session


class SigninState(BrowserTimezone, rx.State):
    errors: dict[str, str] = {}
    busy: bool = False

    @rx.var
    def notice(self) -> str:
        params = self.router.url.query_parameters
        if params.get("expired"):
            return "That sign-in link expired. Please sign in again."
        if params.get("next"):
            return "Please sign in to continue."
        return ""

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.errors, self.busy = {}, True
        yield
        try:
            user = await in_session(
                accounts.check_credentials,
                email=str(form.get("email", "")),
                password=str(form.get("password", "")),
                client=self.router.session.client_ip or "unknown",
            )
            await in_session(accounts.do_record_browser_timezone, user=user, timezone=self.browser_tz)
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return
        self.busy = False
        yield await start_browser_session(self, user, self.router.url.query_parameters.get("next", routes.HOME))


def signin_page() -> rx.Component:
    errors = SigninState.errors
    return auth_card(
        "Welcome back",
        "Sign in to find collaborators and plan your next meeting.",
        rx.cond(SigninState.notice != "", rx.callout(SigninState.notice, icon="info", width="100%")),
        rx.form(
            rx.vstack(
                form_error(errors),
                field("Email", text_input("email", type="email", auto_complete="username"), errors, "email"),
                field("Password", text_input("password", type="password", auto_complete="current-password"), errors, "password"),
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


ON_LOAD = [AuthState.redirect_if_signed_in]
