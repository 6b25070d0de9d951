"""FriendsState: lists from the database, kept live by "friends" and "presence" pushes."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import Caller, to_sign_in
from engnest.discovery.pages.people_actions import PeopleActions
from engnest.discovery.pages.people_data import apply_presence, cards_with_presence
from engnest.discovery.services import cards
from engnest.network.presence import TOPIC as PRESENCE_TOPIC
from engnest.network.services import friends, relations
from engnest.platform import realtime
from engnest.platform.db import in_session


def _load_lists(*, session, user_id: int) -> tuple[list[int], list[int], list[int], list[int]]:
    rows = friends.lists(session=session, user_id=user_id)
    blocked = [b.blocked_id for b in relations.blocked_by(session=session, user_id=user_id)]
    return tuple([r.other(user_id) for r in rows[k]] for k in ("friends", "received", "sent")) + (blocked,)


class FriendsState(PeopleActions, rx.State):
    friends: list[cards.PersonCard] = []
    received: list[cards.PersonCard] = []
    sent: list[cards.PersonCard] = []
    blocked: list[cards.PersonCard] = []
    online_count: int = 0

    async def _fetch(self, user: Caller) -> None:
        friend_ids, received_ids, sent_ids, blocked_ids = await in_session(_load_lists, user_id=user.id)
        everyone = await cards_with_presence(user, friend_ids + received_ids + sent_ids + blocked_ids)
        by_id = {c.user_id: c for c in everyone}
        pick = lambda ids: [by_id[i] for i in ids if i in by_id]  # noqa: E731
        self.friends = sorted(pick(friend_ids), key=lambda c: not c.online)
        self.received, self.sent = pick(received_ids), pick(sent_ids)
        self.blocked = pick(blocked_ids)
        for card in self.blocked:
            card.blocked = True
        self.online_count = sum(1 for c in self.friends if c.online)
        self.loaded = True

    @rx.event
    async def load(self):
        user = await self._start()
        if user is None:
            return to_sign_in(self)
        await self._fetch(user)
        return None

    async def _on_presence_push(self, topic: str, payload: dict) -> None:
        if apply_presence(self.friends, payload, self._tz):
            self.friends = sorted(self.friends, key=lambda c: not c.online)
            self.online_count = sum(1 for c in self.friends if c.online)


realtime.subscribe(friends.TOPIC, FriendsState, "_on_friends_push")
realtime.subscribe(PRESENCE_TOPIC, FriendsState, "_on_presence_push")
