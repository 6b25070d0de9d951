"""What other features do when an account is created or deleted. Accounts knows none of them: each registers
its hook at start-up (engnest/<feature>/wiring.py, loaded by engnest.features)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

# In the sign-up's transaction, after the user row is flushed (profiles adds the empty profile).
Created = Callable[[Session, int, dt.datetime], None]
# In the deletion's transaction, before the user row goes; may return an action to run after commit
# (profiles removes the avatar file, messaging forgets the account's messages first).
Deleting = Callable[[Session, int], Callable[[], None] | None]

_created: list[Created] = []
_deleting: list[Deleting] = []


def on_account_created(hook: Created) -> Created:
    if hook not in _created:
        _created.append(hook)
    return hook


def on_account_deleting(hook: Deleting) -> Deleting:
    if hook not in _deleting:
        _deleting.append(hook)
    return hook


def account_created(session: Session, user_id: int, now: dt.datetime) -> None:
    for hook in _created:
        hook(session, user_id, now)


def account_deleting(session: Session, user_id: int) -> list[Callable[[], None]]:
    after = [hook(session, user_id) for hook in _deleting]
    return [fn for fn in after if fn is not None]
