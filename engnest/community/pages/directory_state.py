"""DirectoryState: the room directory (search by name or tag), creating a room, and my pseudonym."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.pages.views import Card, card
from engnest.community.services import directory, moderation_gate, moderation_queue, pseudonyms, rooms
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed


def _create(*, session, owner_id: int, form: dict, now) -> int:
    moderation_gate.check_may_write(session=session, user_id=owner_id, kind="room", now=now)  # suspended: no new rooms
    request = rooms.check_create_room(
        session=session, owner_id=owner_id, name=form.get("name"), topic=form.get("topic", ""), tags=form.get("tags", ""),
        visibility=form.get("visibility", "public"),
    )
    return rooms.do_create_room(session=session, request=request, now=now)


def _choose(*, session, user_id: int, handle: object, now) -> str:
    checked = pseudonyms.check_handle(session=session, user_id=user_id, handle=handle)
    return pseudonyms.do_choose_handle(session=session, user_id=user_id, handle=checked, now=now)


class DirectoryState(rx.State):
    query: str = ""
    rooms: list[Card] = []
    pseudonym: str = ""
    errors: dict[str, str] = {}
    handle_errors: dict[str, str] = {}
    moderates: bool = False  # a room moderator or site admin: the Moderation link shows
    open_reports: int = 0

    async def _reload(self, user_id: int) -> None:
        entries = await in_session(directory.search, viewer_id=user_id, query=self.query)
        self.rooms = [card(e) for e in entries]

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.handle_errors = {}, {}
        self.pseudonym = await in_session(pseudonyms.do_ensure_pseudonym, user_id=user.id, now=utcnow())
        self.moderates = await in_session(moderation_queue.may_see_queue, user_id=user.id)
        self.open_reports = await in_session(moderation_queue.open_count, viewer_id=user.id) if self.moderates else 0
        await self._reload(user.id)
        return None

    @rx.event
    async def search(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        value = form.get("query") if isinstance(form, dict) else ""
        self.query = value[:100] if isinstance(value, str) else ""
        await self._reload(user.id)
        return None

    @rx.event
    async def create(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            room_id = await in_session(_create, owner_id=user.id, form=form if isinstance(form, dict) else {}, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors = {}
        return rx.redirect(routes.room_url(room_id))

    @rx.event
    async def choose_handle(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            self.pseudonym = await in_session(_choose, user_id=user.id, handle=(form or {}).get("handle") if isinstance(form, dict) else None, now=utcnow())
        except ValidationFailed as exc:
            self.handle_errors = exc.errors
            return None
        self.handle_errors = {}
        return None
