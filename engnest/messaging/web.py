"""Messaging's registrations with the web layer (loaded by engnest.features.load_web): the Messages badge and its
refresh on page loads, and the members-only endpoint for files sent in conversations."""

from __future__ import annotations

from engnest.accounts.state import auth_hooks
from engnest.accounts.state.auth import AuthState
from engnest.messaging import http
from engnest.messaging.state.unread import UnreadState
from engnest.platform import routes
from engnest.platform.http import register_routes
from engnest.platform.ui import shell


async def reload_unread(state: AuthState, user_id: int | None):
    unread = await state.get_state(UnreadState)
    return unread._reload(user_id)


shell.register_badge(routes.MESSAGES, UnreadState.count)
auth_hooks.on_page_load(reload_unread)
register_routes(*http.ROUTES)
