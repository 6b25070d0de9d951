"""Home: where a signed-in user lands. Shows what to do next."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
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
                rx.card(
                    rx.vstack(
                        rx.heading("Your next steps", size="4"),
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
            ),
            people_to_meet(),
            spacing="4",
            width="100%",
        )
    )


ON_LOAD = [AuthState.require_login, ProfileState.load, SuggestionsState.load]
