"""The person page layout: the card in full, the full profile for collaborators, the actions."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.discovery.components.people import CardActions, action_bar, chip, facts_line, project_line, title_line
from engnest.discovery.pages.person.state import PersonState
from engnest.meetings.pages.standing import StandingState, standing_block
from engnest.platform import routes
from engnest.platform.ui.interval import every
from engnest.platform.ui.shell import app_page

S = PersonState
POLL_MS = 5000


def full_profile() -> rx.Component:
    full = S.card.full
    return rx.cond(
        full.name != "",
        rx.card(
            rx.hstack(
                rx.avatar(src=full.avatar_url, fallback=full.name.to(str)[:1], size="6", radius="full"),
                rx.vstack(
                    rx.heading(full.name, size="6", data_testid="person-name"),
                    rx.cond(full.city != "", rx.text(rx.icon("map_pin", size=14), " ", full.city, size="2", color_scheme="gray")),
                    rx.hstack(
                        rx.foreach(full.links, lambda link: rx.link(link.label, href=link.url, is_external=True, rel="noopener noreferrer nofollow", size="2")),
                        spacing="3",
                    ),
                    spacing="1",
                ),
                spacing="4",
                align="center",
            ),
            rx.cond(full.pitch != "", rx.blockquote(full.pitch, size="3", white_space="pre-wrap", margin_top="1em")),
            width="100%",
            data_testid="full-profile",
        ),
    )


def anonymised() -> rx.Component:
    card = S.card
    actions = CardActions(S.add_friend, S.accept_friend, S.decline_friend, S.cancel_request, S.remove_friend, S.block, S.unblock)
    return rx.card(
        rx.vstack(
            title_line(card),
            facts_line(card),
            rx.cond(
                card.pitch != "",
                rx.blockquote(card.pitch, size="3", white_space="pre-wrap", data_testid="person-pitch"),
                rx.text("No pitch yet.", size="2", color_scheme="gray"),
            ),
            rx.cond(card.skills.length() > 0, rx.flex(rx.foreach(card.skills, chip), wrap="wrap", spacing="1")),
            rx.cond(
                card.projects.length() > 0,
                rx.vstack(rx.text("Current projects", weight="bold", size="2"), rx.foreach(card.projects, project_line), spacing="2", width="100%"),
            ),
            action_bar(card, actions, self_id=S.viewer_id),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="person-card",
    )


def person_page() -> rx.Component:
    return app_page(
        rx.cond(
            S.loaded,
            rx.cond(
                S.found,
                rx.vstack(
                    rx.link(rx.hstack(rx.icon("arrow_left", size=14), rx.text("Discover", size="2"), align="center", spacing="1"), href=routes.DISCOVER),
                    rx.cond(
                        S.is_self,
                        rx.callout(
                            "This is how other engineers see you until you have met: names and contact details are hidden.",
                            icon="eye",
                            width="100%",
                            data_testid="self-preview",
                        ),
                    ),
                    rx.cond(S.card.collaborator & ~S.is_self, rx.callout("You have met: you see each other's full profiles.", icon="handshake", color_scheme="green", width="100%")),
                    standing_block(),
                    full_profile(),
                    anonymised(),
                    every(POLL_MS, S.refresh_presence),
                    spacing="4",
                    width="100%",
                ),
                rx.vstack(
                    rx.heading("Profile not available", size="6"),
                    rx.text("This engineer's profile does not exist, is not finished yet, or is not available to you."),
                    rx.link("Back to Discover", href=routes.DISCOVER),
                    spacing="3",
                    data_testid="person-missing",
                ),
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="3em"),
        ),
        max_width="820px",
    )


ON_LOAD = [AuthState.require_login, PersonState.load, StandingState.load]
