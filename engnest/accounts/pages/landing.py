"""Landing: what EngNest is, and the way in."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.platform import routes
from engnest.platform.ui.shell import app_page

FEATURES = [
    ("mic", "A 60-second pitch", "Say who you are and what you are building in the time it takes to shake hands."),
    ("eye_off", "Anonymous until you meet", "Strangers see your pitch, projects and skills, never your name or contact details."),
    ("map_pin", "A fair place halfway", "In-person meetings get spots between you both, ranked so neither travels much further."),
    ("handshake", "Collaborators, not followers", "Accept a meeting and you become collaborators: profiles open up and chat unlocks."),
]


def feature(icon: str, title: str, text: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=28, color=rx.color("accent", 10)),
            rx.heading(title, size="4"),
            rx.text(text, color_scheme="gray", size="2"),
            spacing="2",
        ),
        size="2",
    )


def landing_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Find engineers to build with. Then actually meet.", size="8", text_align="center", max_width="720px"),
            rx.text(
                "EngNest brings together engineers of every discipline — mechanical, electrical, civil, chemical, "
                "aerospace, biomedical, software and more — to find collaborators for real projects and meet them, "
                "in person at a fair halfway spot or online.",
                size="4",
                color_scheme="gray",
                text_align="center",
                max_width="680px",
            ),
            rx.hstack(
                rx.link(rx.button("Create your account", size="4"), href=routes.SIGN_UP),
                rx.link(rx.button("Sign in", size="4", variant="outline"), href=routes.SIGN_IN),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
            rx.grid(*[feature(*f) for f in FEATURES], columns=rx.breakpoints(initial="1", sm="2", lg="4"), spacing="4", width="100%", padding_top="2em"),
            spacing="5",
            align="center",
            padding_y="3em",
        ),
        max_width="1100px",
        public=True,
    )


ON_LOAD = [AuthState.redirect_if_signed_in]
