"""The page for an unknown address: in the app's frame, with the way back (Reflex's own is a bare line)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.platform import routes
from engnest.platform.ui.shell import app_page


def not_found_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("We could not find that page", size="7", data_testid="not-found"),
            rx.text("The address may be mistyped, or the page may have moved.", color_scheme="gray"),
            rx.hstack(
                rx.link(rx.button("Go to the home page"), href=rx.cond(AuthState.signed_in, routes.HOME, routes.LANDING), data_testid="not-found-home"),
                rx.button("Go back", variant="soft", on_click=rx.call_script("window.history.back()")),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            padding_y="2em",
        ),
        public=True,
    )


ON_LOAD = [AuthState.load]
