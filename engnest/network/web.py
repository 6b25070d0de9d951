"""Network's registrations with the web layer (loaded by engnest.features.load_web): each signed-in tab's presence
heartbeat, leaving on sign-out, and the access-checked avatar endpoint."""

from __future__ import annotations

from engnest.accounts.state import auth_hooks
from engnest.accounts.state.auth import AuthState
from engnest.network import http, presence
from engnest.network.state.presence import PresenceState, heartbeat
from engnest.platform import realtime
from engnest.platform.http import register_routes
from engnest.platform.ui import shell


async def announce_online(user_id: int) -> None:
    await presence.announce(user_id, True)


async def leave(state: AuthState) -> None:
    presence = await state.get_state(PresenceState)
    await presence.leave()


realtime.on_first_tab(announce_online)
shell.register_signed_in_part(heartbeat)
auth_hooks.on_sign_out(leave)
register_routes(*http.ROUTES)
