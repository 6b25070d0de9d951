"""Binds the shared AuthState to the layout components, for every page."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.components.verify_banner import verify_banner
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.verification import VerificationState
from engnest.messaging.state.unread import UnreadState
from engnest.network.state.presence import heartbeat
from engnest.notifications.state.notification_badge import NotificationBadgeState
from engnest.platform import routes
from engnest.platform.ui.layout import page_frame, page_skeleton, top_bar

BROWSER_TZ_JS = "Intl.DateTimeFormat().resolvedOptions().timeZone"


def app_page(*body: rx.Component, max_width: str = "960px", public: bool = False) -> rx.Component:
    """A page in the app's frame. Until the session is known (a cold load takes a moment) the top bar shows a
    neutral placeholder, and a signed-in page (`public=False`) a skeleton instead of its signed-out look."""
    content = body if public else (rx.cond(AuthState.signed_in, rx.fragment(*body), page_skeleton()),)
    return page_frame(
        top_bar(
            AuthState.signed_in, AuthState.display_name, AuthState.sign_out, badges={routes.MESSAGES: UnreadState.count},
            bell=NotificationBadgeState.count, known=AuthState.known, current_path=rx.State.router.url.path,
        ),
        rx.cond(
            AuthState.signed_in & ~AuthState.email_verified,
            verify_banner(AuthState.email, VerificationState.note, VerificationState.busy, VerificationState.resend),
        ),
        *content,
        rx.cond(AuthState.signed_in, heartbeat()),
        max_width=max_width,
    )


def auth_card(title: str, subtitle: str, *body: rx.Component) -> rx.Component:
    return app_page(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(title, size="7"),
                    rx.text(subtitle, color_scheme="gray"),
                    *body,
                    spacing="4",
                    width="100%",
                ),
                size="4",
                width="100%",
                max_width="460px",
            ),
            width="100%",
            padding_y="2em",
        ),
        public=True,
    )
