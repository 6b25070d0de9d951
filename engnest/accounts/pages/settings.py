"""Settings: timezone, email, calendar feed, password, delete account."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from engnest.accounts.services import accounts
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.login_flow import start_browser_session
from engnest.accounts.state.session import BrowserTimezone, caller, sign_out_and_go, to_sign_in
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import all_timezones, format_local
from engnest.platform.ui.forms import field, form_error, label, saved_note, section_card, stacked_form, submit_button, text_input
from engnest.platform.ui.shell import BROWSER_TZ_JS, app_page


class SettingsState(BrowserTimezone, rx.State):
    errors: dict[str, str] = {}
    saved: str = ""
    timezone: str = "UTC"
    follow_browser: bool = True
    form_version: int = 0

    @rx.var
    def local_time_preview(self) -> str:
        return format_local(utcnow(), self.timezone, "%H:%M on %a %d %b")

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        account = await in_session(accounts.get_user, user_id=user.id)
        self.timezone, self.follow_browser = account.timezone, account.timezone_auto
        self.errors, self.saved = {}, ""
        self.form_version += 1
        return rx.call_script(BROWSER_TZ_JS, callback=SettingsState.set_browser_tz)

    @rx.event
    async def save_timezone(self, form: dict):
        form = form if isinstance(form, dict) else {}
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        follow = str(form.get("follow_browser", "")) in ("on", "true", "True", "1")
        tz = self.browser_tz if follow and self.browser_tz else str(form.get("timezone", ""))
        try:
            account = await in_session(accounts.set_timezone, user_id=user.id, timezone=tz, follow_browser=follow)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.timezone, self.follow_browser = account.timezone, account.timezone_auto
        auth = await self.get_state(AuthState)
        auth.timezone = account.timezone
        self.saved = f"Times are now shown in {account.timezone}."
        self.form_version += 1
        return None

    @rx.event
    async def change_password(self, form: dict):
        form = form if isinstance(form, dict) else {}
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        now = utcnow()
        try:
            account = await in_session(
                accounts.change_password,
                user_id=user.id,
                current_password=str(form.get("current_password", "")),
                new_password=str(form.get("new_password", "")),
                confirm=str(form.get("confirm_password", "")),
                now=now,
            )
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        # Every session was revoked; this tab continues on a fresh one.
        return await start_browser_session(self, account, "/settings?changed=1")

    @rx.event
    async def delete_account(self, form: dict):
        form = form if isinstance(form, dict) else {}
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        try:
            await in_session(
                accounts.delete_account,
                user_id=user.id,
                password=str(form.get("delete_password", "")),
                confirm_text=str(form.get("delete_confirm", "")),
            )
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        return sign_out_and_go(self, "/?deleted=1")

    @rx.var
    def password_changed(self) -> bool:
        return bool(self.router.url.query_parameters.get("changed"))


def timezone_card() -> rx.Component:
    s = SettingsState
    return section_card(
        "Timezone",
        "Meeting times, reminders and messages are shown in this timezone.",
        stacked_form(
            field(
                "Timezone",
                rx.el.select(
                    *[rx.el.option(tz, value=tz) for tz in all_timezones()],
                    name="timezone",
                    id="timezone",
                    default_value=s.timezone,
                    style={"padding": "0.5em", "width": "100%", "border_radius": "6px", "border": "1px solid var(--gray-a7)", "background": "var(--color-surface)", "color": "inherit"},
                ),
                s.errors,
                "timezone",
                hint=rx.text("Your local time there: ", s.local_time_preview, size="1", color_scheme="gray"),
            ),
            rx.hstack(
                rx.checkbox(name="follow_browser", default_checked=s.follow_browser, id="follow_browser"),
                label("Follow my browser's timezone when I sign in (", s.browser_tz, ")", html_for="follow_browser", weight="regular"),
                align="center",
            ),
            submit_button("Save timezone", data_testid="save-timezone"),
            on_submit=s.save_timezone,
            key=s.form_version.to_string() + "-tz",
        ),
        test_id="timezone-card",
    )


def password_card() -> rx.Component:
    e = SettingsState.errors
    return section_card(
        "Password",
        "Changing your password signs you out everywhere else.",
        rx.cond(SettingsState.password_changed, rx.callout("Password changed. Other sessions were signed out.", icon="check", color_scheme="green")),
        stacked_form(
            field("Current password", text_input("current_password", type="password", auto_complete="current-password"), e, "current_password"),
            field("New password", text_input("new_password", type="password", auto_complete="new-password"), e, "new_password"),
            field("Repeat new password", text_input("confirm_password", type="password", auto_complete="new-password"), e, "confirm_password"),
            submit_button("Change password", data_testid="change-password"),
            on_submit=SettingsState.change_password,
        ),
        test_id="password-card",
    )


def delete_card() -> rx.Component:
    e = SettingsState.errors
    return section_card(
        "Delete account",
        "This permanently removes your account, profile, skills, projects, photo and sessions.",
        stacked_form(
            field("Password", text_input("delete_password", type="password", auto_complete="current-password"), e, "delete_password"),
            field("Type DELETE to confirm", text_input("delete_confirm", auto_complete="off"), e, "delete_confirm"),
            submit_button("Delete my account", color_scheme="red", data_testid="delete-account"),
            on_submit=SettingsState.delete_account,
        ),
        test_id="delete-card",
    )


# Sections in page order. Features above accounts add theirs (notifications: email; meetings: calendar feed)
# with register_section before the app compiles; their on_load handlers join ON_LOAD.
SECTIONS: list[tuple[int, Callable[[], rx.Component]]] = [(10, timezone_card), (40, password_card), (50, delete_card)]
ON_LOAD = [AuthState.require_login, SettingsState.load]


def register_section(order: int, card: Callable[[], rx.Component], on_load=None) -> None:
    if all(c is not card for _, c in SECTIONS):
        SECTIONS.append((order, card))
        if on_load is not None:
            ON_LOAD.append(on_load)


def settings_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Settings", size="7"),
            form_error(SettingsState.errors),
            saved_note(SettingsState.saved),
            *[card() for _, card in sorted(SECTIONS, key=lambda s: s[0])],
            spacing="4",
            max_width="640px",
        )
    )
