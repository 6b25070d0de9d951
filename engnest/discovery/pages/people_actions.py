"""Friend and block actions from any list of people (a mixin for page states).

Each handler re-resolves the caller, validates the id, calls the service and shows the outcome as a toast;
the page then reloads what it shows (`_fetch`). The other person's tabs hear about it
through the "friends" push.
"""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.network.services import friends, relations
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

TOAST_ID = "people-action"


def _person_id(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _unblock(*, session, user_id: int, other_id: int) -> None:
    relations.do_unblock(session=session, blocker=user_id, blocked=other_id)


def _block_sync(*, session, user_id: int, other_id: int, now) -> None:
    relations.block(session=session, blocker=user_id, blocked=other_id, now=now)


class PeopleActions(rx.State, mixin=True):
    loaded: bool = False
    viewer_id: int = 0
    _tz: str = "UTC"

    async def _fetch(self, user: Caller) -> None:
        """Load what the page shows for `user` (each page state implements it) and set `loaded`."""
        raise NotImplementedError

    async def _start(self) -> Caller | None:
        """The caller of an on_load handler, remembered for pushes (None: not signed in)."""
        user = await caller(self)
        if user is not None:
            self.viewer_id, self._tz = user.id, user.timezone
        return user

    async def _after_people_action(self, user_id: int) -> None:
        user = await caller(self)
        if user is not None:
            await self._fetch(user)

    async def _on_friends_push(self, topic: str, payload: dict) -> None:
        """A friend request, answer or block involving this user: reload what the page shows."""
        if self.loaded:
            await self._after_people_action(self.viewer_id)

    async def _act(self, other_id, fn, done: str, with_now: bool = True):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        other = _person_id(other_id)
        if other is None:
            return rx.toast.error("That person does not exist.", id=TOAST_ID)
        kwargs = {"now": utcnow()} if with_now else {}
        try:
            await in_session(fn, user_id=user.id, other_id=other, **kwargs)
        except ValidationFailed as exc:
            return rx.toast.error(exc.first(), id=TOAST_ID)
        await self._after_people_action(user.id)
        return rx.toast.success(done, id=TOAST_ID)

    @rx.event
    async def add_friend(self, other_id: str):
        return await self._act(other_id, friends.send_request, "Friend request sent.")

    @rx.event
    async def accept_friend(self, other_id: str):
        return await self._act(other_id, friends.accept, "You are now friends.")

    @rx.event
    async def decline_friend(self, other_id: str):
        return await self._act(other_id, friends.decline, "Request declined.")

    @rx.event
    async def cancel_request(self, other_id: str):
        return await self._act(other_id, friends.cancel, "Request cancelled.", with_now=False)

    @rx.event
    async def remove_friend(self, other_id: str):
        return await self._act(other_id, friends.remove, "Removed from your friends.", with_now=False)

    @rx.event
    async def block(self, other_id: str):
        return await self._act(other_id, _block_sync, "Blocked. You will not see each other any more.")

    @rx.event
    async def unblock(self, other_id: str):
        return await self._act(other_id, _unblock, "Unblocked.", with_now=False)
