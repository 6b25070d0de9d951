"""Profiles' registrations with the web layer (loaded by engnest.features.load_web): the name in the nav comes
from the profile, and another tab's profile change refreshes it."""

from __future__ import annotations

from engnest.accounts.state import auth_hooks
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.auth_hooks import Identity
from engnest.platform import realtime
from engnest.platform.db import in_session
from engnest.profiles.services import profiles


async def identity(user_id: int) -> Identity:
    owner = await in_session(profiles.load_owner_profile, user_id=user_id)
    name = f"{owner.profile.first_name} {owner.profile.last_name}".strip()
    return Identity(name=name, profile_complete=owner.profile.is_complete)


auth_hooks.set_identity_loader(identity)
realtime.subscribe(profiles.PROFILE_TOPIC, AuthState, "_on_profile_push")
