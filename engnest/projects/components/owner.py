"""The project owner's card: what a stranger may see (discovery's PersonCard; `full` is empty unless they met)."""

from __future__ import annotations

import reflex as rx


def owner_card(card: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(rx.cond(card.full.name != "", card.full.name, card.headline), href=card.url, weight="bold"),
                rx.cond(card.place != "", rx.text(card.place, size="2", color_scheme="gray")),
                rx.cond(card.reliability != "", rx.badge(card.reliability, color_scheme="green")),
            ),
            rx.text(card.pitch, size="2", white_space="pre-wrap", no_of_lines=3),
            rx.hstack(rx.foreach(card.skills, lambda s: rx.badge(s.name, variant="soft")), wrap="wrap"),
            spacing="1", width="100%",
        ),
        width="100%", data_testid="owner-card",
    )
