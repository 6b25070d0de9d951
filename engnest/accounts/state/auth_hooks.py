"""What features above accounts plug into the signed-in user's identity (AuthState); accounts knows none of them.
Registered from their engnest/<feature>/web.py:
- a page load refreshes their badges: each hook gets its state (get_state) and returns the reload to run;
  the reloads then run together (the Messages badge and the bell);
- the name and profile completeness shown in the nav come from the profiles feature;
- signing out first tells the presence feature that this tab leaves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx


@dataclass(frozen=True)
class Identity:
    """What the nav shows of the signed-in user beyond the account: the name and whether the profile is complete."""

    name: str = ""
    profile_complete: bool = False


PageLoadHook = Callable[[rx.State, int | None], Awaitable[Awaitable[None]]]
PAGE_LOAD_HOOKS: list[PageLoadHook] = []
SIGN_OUT_HOOKS: list[Callable[[rx.State], Awaitable[None]]] = []


async def _no_identity(user_id: int) -> Identity:
    return Identity()


IDENTITY: list[Callable[[int], Awaitable[Identity]]] = [_no_identity]


def on_page_load(hook: PageLoadHook) -> None:
    if hook not in PAGE_LOAD_HOOKS:
        PAGE_LOAD_HOOKS.append(hook)


def on_sign_out(hook: Callable[[rx.State], Awaitable[None]]) -> None:
    if hook not in SIGN_OUT_HOOKS:
        SIGN_OUT_HOOKS.append(hook)


def set_identity_loader(loader: Callable[[int], Awaitable[Identity]]) -> None:
    IDENTITY[0] = loader
