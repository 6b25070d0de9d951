"""Notifications' registrations with the web layer (loaded by engnest.features.load_web): the bell and its
refresh on page loads, and the email opt-out section of Settings."""

from __future__ import annotations

from engnest.accounts.pages import settings
from engnest.accounts.state import auth_hooks
from engnest.accounts.state.auth import AuthState
from engnest.notifications.pages.settings_email import EmailSettingsState, email_card
from engnest.notifications.state.notification_badge import NotificationBadgeState
from engnest.platform.ui import shell


async def reload_bell(state: AuthState, user_id: int | None):
    bell = await state.get_state(NotificationBadgeState)
    return bell._reload(user_id)


shell.register_bell(NotificationBadgeState.count)
auth_hooks.on_page_load(reload_bell)
settings.register_section(20, email_card, EmailSettingsState.load)
