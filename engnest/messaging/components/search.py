"""Search in a conversation: a one-line form and its results (text only), paginated by "More results"."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def _hit(hit: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(rx.cond(hit.mine, "You", "Them"), " · ", hit.stamp, size="1", color_scheme="gray"),
        rx.text(hit.text, size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
        padding="0.35em 0.5em",
        border_bottom="1px solid var(--gray-a4)",
        data_testid="search-hit",
        data_id=hit.id,
    )


def search_panel(
    on_search: Callable, on_more: Callable, on_clear: Callable, hits: rx.Var, has_more: rx.Var, searched: rx.Var, error: rx.Var
) -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(name="query", placeholder="Search this conversation", aria_label="Search this conversation", size="1", width="100%", data_testid="search-input"),
                rx.button(rx.icon("search", size=14), "Search", type="submit", size="1", variant="soft", data_testid="search-submit"),
                rx.cond(searched, rx.button("Clear", type="button", size="1", variant="ghost", on_click=on_clear, data_testid="search-clear")),
                width="100%",
                align="center",
            ),
            on_submit=on_search,
            reset_on_submit=False,
            width="100%",
            role="search",
        ),
        rx.cond(error != "", rx.text(error, color_scheme="red", size="1", role="alert", data_testid="search-error")),
        rx.cond(
            searched,
            rx.box(
                rx.cond(hits.length() == 0, rx.text("No messages match.", size="2", color_scheme="gray", data_testid="search-empty")),
                rx.foreach(hits, _hit),
                rx.cond(has_more, rx.center(rx.button("More results", size="1", variant="ghost", on_click=on_more, data_testid="search-more"))),
                max_height="220px",
                overflow_y="auto",
                width="100%",
                data_testid="search-results",
            ),
        ),
        spacing="1",
        width="100%",
    )
