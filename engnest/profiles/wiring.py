"""Profiles' start-up registrations (loaded by engnest.features): every account has a profile row from sign-up
on, and its avatar file goes when the account does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

from engnest.accounts.services import account_hooks
from engnest.profiles.models import Profile
from engnest.profiles.services import media


def create_profile(session: Session, user_id: int, now: dt.datetime) -> None:
    session.add(Profile(user_id=user_id, created_at=now, updated_at=now))


def forget_avatar(session: Session, user_id: int) -> Callable[[], None] | None:
    profile = session.get(Profile, user_id)
    avatar = profile.avatar_file if profile else None
    return (lambda: media.remove_avatar_file(avatar)) if avatar else None


account_hooks.on_account_created(create_profile)
account_hooks.on_account_deleting(forget_avatar)
