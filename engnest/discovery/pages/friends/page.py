"""The Friends page layout."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.discovery.components.people import CardActions, person_card
from engnest.discovery.pages.friends.state import FriendsState
from engnest.platform import routes
from engnest.platform.ui.shell import app_page

S = FriendsState


def section(title: rx.Component | str, people: rx.Var, empty: str, test_id: str, *, compact: bool = False) -> rx.Component:
    actions = CardActions(S.add_friend, S.accept_friend, S.decline_friend, S.cancel_request, S.remove_friend, S.block, S.unblock)
    return rx.vstack(
        rx.heading(title, size="5"),
        rx.cond(
            people.length() > 0,
            rx.vstack(rx.foreach(people, lambda card: person_card(card, actions, self_id=S.viewer_id, pitch_lines=2 if compact else 4)), spacing="3", width="100%"),
            rx.text(empty, size="2", color_scheme="gray"),
        ),
        spacing="2",
        width="100%",
        data_testid=test_id,
    )


def friends_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Friends", size="7"),
            rx.text(
                "Friends see each other listed and online. Names and chat unlock once you have met (collaborators).",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.cond(S.received.length() > 0, section("Requests for you", S.received, "", "requests-received")),
                    section(
                        rx.fragment("Your friends ", rx.badge(S.online_count.to_string() + " online", color_scheme="green", data_testid="online-count")),
                        S.friends,
                        "No friends yet. Find engineers on Discover and send a request.",
                        "friends-list",
                    ),
                    rx.cond(S.sent.length() > 0, section("Requests you sent", S.sent, "", "requests-sent", compact=True)),
                    rx.cond(S.blocked.length() > 0, section("Blocked", S.blocked, "", "blocked-list", compact=True)),
                    rx.link("Find engineers on Discover", href=routes.DISCOVER),
                    spacing="5",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), width="100%", padding="3em"),
            ),
            spacing="4",
            width="100%",
        ),
        max_width="820px",
    )


ON_LOAD = [AuthState.require_login, FriendsState.load]
