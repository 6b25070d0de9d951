"""Settings: the email opt-out (meeting confirmations with a calendar file, and 24-hour reminders)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.services import accounts
from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform.db import in_session
from engnest.platform.ui.forms import label, section_card


class EmailSettingsState(rx.State):
    enabled: bool = True
    note: str = ""

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return None  # the page's own guard redirects
        account = await in_session(accounts.get_user, user_id=user.id)
        self.enabled, self.note = bool(account and account.email_notifications), ""
        return None

    @rx.event
    async def set_enabled(self, value):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        if not isinstance(value, bool):
            self.note = "Choose on or off."
            return None
        account = await in_session(accounts.do_set_email_notifications, user_id=user.id, enabled=value)
        if account is None:
            return to_sign_in(self)
        self.enabled = account.email_notifications
        self.note = "We will email you about accepted meetings and reminders." if self.enabled else "No more emails. Notifications still show in the app."
        return None


def email_card() -> rx.Component:
    s = EmailSettingsState
    return section_card(
        "Email",
        "Notifications always show in the app (the bell). Email adds the accepted meeting as a calendar file, and a reminder 24 hours before.",
        rx.hstack(
            rx.switch(checked=s.enabled, on_change=s.set_enabled, id="email_notifications", data_testid="email-notifications"),
            label("Email me when a meeting is accepted and 24 hours before it starts", html_for="email_notifications", weight="regular"),
            align="center",
        ),
        rx.cond(s.note != "", rx.text(s.note, size="2", color_scheme="green", data_testid="email-note")),
        test_id="email-card",
    )
