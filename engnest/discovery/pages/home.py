"""Home: where a signed-in user lands, as a dashboard that answers "what now?": the next meeting, what waits for
an answer, unread conversations, profile completeness and people to meet (blocks in pages/dashboard)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.discovery.pages.dashboard.blocks import next_meeting_block, unread_block, waiting_block
from engnest.discovery.pages.dashboard.state import DashboardState
from engnest.discovery.pages.suggestions import SuggestionsState, people_to_meet
from engnest.platform import routes
from engnest.platform.ui.shell import app_page
from engnest.profiles.components.profile_view import checklist_card
from engnest.profiles.pages.state import ProfileState


def home_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Hello, ", AuthState.display_name, size="7", data_testid="home-greeting"),
            rx.text("Times on EngNest are shown in your timezone: ", rx.text.strong(AuthState.timezone), ".", color_scheme="gray"),
            rx.grid(
                next_meeting_block(),
                waiting_block(),
                unread_block(),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
            ),
            rx.grid(
                rx.card(
                    rx.vstack(
                        rx.heading("Your next steps", size="4", as_="h2"),
                        rx.cond(
                            ProfileState.complete,
                            rx.text("Your profile is complete. Keep your pitch and projects fresh so the right people find you."),
                            rx.text("Finish your profile so other engineers know what you build and what you are looking for."),
                        ),
                        rx.link(rx.button("Edit my profile"), href=routes.PROFILE),
                        spacing="3",
                    ),
                    grid_column=rx.breakpoints(initial="span 1", md="span 2"),
                ),
                checklist_card(ProfileState.checklist, ProfileState.done_count, ProfileState.complete),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
                align_items="start",  # the short card keeps its height beside the checklist
            ),
            people_to_meet(),
            spacing="4",
            width="100%",
        )
    )


ON_LOAD = [AuthState.require_login, ProfileState.load, DashboardState.load, SuggestionsState.load]
