"""The banner an account sees on every page until it confirms its email address."""

from __future__ import annotations

import reflex as rx


def verify_banner(email: rx.Var, note: rx.Var, busy: rx.Var, on_resend: rx.EventHandler) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("mail")),
        rx.flex(
            rx.callout.text(
                "Confirm your email address: open the link we sent to ",
                rx.text.strong(email),
                ". Until then you can look around, but not request meetings or send messages.",
            ),
            rx.hstack(
                rx.button("Resend the link", on_click=on_resend, loading=busy, size="1", variant="soft", data_testid="resend-verification"),
                rx.cond(note != "", rx.text(note, size="2", role="status", data_testid="verification-note")),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            direction="column",
            spacing="2",
        ),
        color_scheme="amber",
        width="100%",
        margin_bottom="1em",
        data_testid="verify-banner",
    )
