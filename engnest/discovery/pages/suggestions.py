"""'People to meet' on the home page: suggestions with a one-line reason, as anonymised cards."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import Caller, to_sign_in
from engnest.discovery.components.people import CardActions, person_card
from engnest.discovery.pages.people_actions import PeopleActions
from engnest.discovery.pages.people_data import apply_presence, cards_with_presence
from engnest.discovery.services import cards, suggestions
from engnest.network.presence import TOPIC as PRESENCE_TOPIC
from engnest.network.services import friends
from engnest.platform import realtime, routes
from engnest.platform.db import in_session

COUNT = 6


class SuggestionsState(PeopleActions, rx.State):
    people: list[cards.PersonCard] = []

    async def _fetch(self, user: Caller) -> None:
        picked = await in_session(suggestions.suggest, user_id=user.id, limit=COUNT)
        people = await cards_with_presence(user, [s.user_id for s in picked])
        reasons = {s.user_id: s.reason for s in picked}
        for card in people:
            card.reason = reasons.get(card.user_id, "")
        self.people, self.loaded = people, True

    @rx.event
    async def load(self):
        user = await self._start()
        if user is None:
            return to_sign_in(self)
        await self._fetch(user)
        return None

    async def _on_presence_push(self, topic: str, payload: dict) -> None:
        if apply_presence(self.people, payload, self._tz):
            self.people = list(self.people)


realtime.subscribe(PRESENCE_TOPIC, SuggestionsState, "_on_presence_push")
realtime.subscribe(friends.TOPIC, SuggestionsState, "_on_friends_push")


def people_to_meet() -> rx.Component:
    S = SuggestionsState
    actions = CardActions(S.add_friend, S.accept_friend, S.decline_friend, S.cancel_request, S.remove_friend, S.block, S.unblock)
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("People to meet", size="5"), rx.spacer(), rx.link("Search everyone", href=routes.DISCOVER, size="2"), width="100%", align="center"),
            rx.cond(
                ~S.loaded,
                rx.center(rx.spinner(), width="100%", padding="1em"),
                rx.cond(
                    S.people.length() > 0,
                    rx.grid(
                        rx.foreach(S.people, lambda card: person_card(card, actions, self_id=S.viewer_id, pitch_lines=3)),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.text(
                        "No suggestions yet: add skills, a project and your city to your profile, and we will find people who fit.",
                        size="2",
                        color_scheme="gray",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="people-to-meet",
    )
