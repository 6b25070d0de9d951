"""Community's registrations with the web layer (loaded by engnest.features.load_web): the Rooms badge and its
refresh on page loads."""

from __future__ import annotations

from engnest.accounts.state import auth_hooks
from engnest.accounts.state.auth import AuthState
from engnest.community.state.unread import RoomsUnreadState
from engnest.platform import routes
from engnest.platform.ui import shell


async def reload_unread(state: AuthState, user_id: int | None):
    unread = await state.get_state(RoomsUnreadState)
    return unread._reload(user_id)


shell.register_badge(routes.ROOMS, RoomsUnreadState.count)
auth_hooks.on_page_load(reload_unread)
