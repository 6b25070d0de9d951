"""PersonState for /people/[user_id]: only what the viewer may see is ever put in state."""

from __future__ import annotations

import time

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.discovery.pages.people_actions import PeopleActions, _person_id
from engnest.discovery.pages.people_data import apply_presence, refresh_online
from engnest.discovery.services import cards
from engnest.network.presence import TOPIC as PRESENCE_TOPIC
from engnest.network.services import friends
from engnest.platform import realtime, routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session


class PersonState(PeopleActions, rx.State):
    found: bool = False
    is_self: bool = False
    card: cards.PersonCard = cards.PersonCard()

    def _target(self) -> int | None:
        path = self.router.url.path.rstrip("/")
        prefix = routes.PEOPLE + "/"
        return _person_id(path[len(prefix) :]) if path.startswith(prefix) else None

    async def _fetch(self, user: Caller) -> None:
        target = self._target()
        card = None
        if target is not None:
            directory = realtime.directory()
            online = bool(await directory.online([target], time.time()))
            seen = (await directory.last_seen([target])).get(target)
            card = await in_session(
                cards.person, viewer_id=user.id, user_id=target, online=online, seen=seen, now=utcnow(),
                viewer_tz=user.timezone, as_stranger=target == user.id,
            )
        self.found = card is not None
        self.is_self = target == user.id
        self.card = card or cards.PersonCard()
        self.loaded = True

    @rx.event
    async def load(self):
        self.loaded = False
        user = await self._start()
        if user is None:
            return to_sign_in(self)
        await self._fetch(user)
        return None

    @rx.event
    async def refresh_presence(self, _value: str = ""):
        if not self.found or await caller(self) is None:
            return
        people = [self.card]
        if await refresh_online(people, self._tz):
            self.card = people[0]

    async def _on_presence_push(self, topic: str, payload: dict) -> None:
        people = [self.card]
        if self.found and apply_presence(people, payload, self._tz):
            self.card = people[0]


realtime.subscribe(friends.TOPIC, PersonState, "_on_friends_push")
realtime.subscribe(PRESENCE_TOPIC, PersonState, "_on_presence_push")
