"""My meetings: a month or week calendar and the upcoming list, in my timezone, and where to get a feed link."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.meetings.components.meeting_bits import status_color
from engnest.meetings.pages.calendar_state import CalendarState
from engnest.platform import routes
from engnest.platform.ui.shell import app_page

S = CalendarState
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def chip(item) -> rx.Component:
    cancelled = (item.status == "cancelled") | (item.status == "declined")
    return rx.link(
        rx.box(
            rx.text(item.time, " ", item.title, size="1", truncate=True, text_decoration=rx.cond(cancelled, "line-through", "none")),
            background_color=rx.cond(item.status == "accepted", "var(--green-a4)", "transparent"),
            border=rx.cond(
                (item.status == "pending") | (item.status == "countered"),
                "1px dashed var(--amber-9)",
                "1px solid var(--" + status_color(item.status).to(str) + "-a7)",
            ),
            opacity=rx.cond(cancelled, "0.6", "1"),
            border_radius="4px",
            padding_x="4px",
            width="100%",
        ),
        href=item.url,
        underline="none",
        color="inherit",
        data_testid="calendar-item",
        data_status=item.status,
    )


def month_cell(day) -> rx.Component:
    return rx.box(
        rx.text(day.label, size="1", weight=rx.cond(day.today, "bold", "regular"), color=rx.cond(day.in_month, "inherit", "var(--gray-11)")),
        rx.vstack(rx.foreach(day.meetings, chip), spacing="1", width="100%"),
        min_height="88px",
        padding="4px",
        border="1px solid var(--gray-a4)",
        background_color=rx.cond(day.today, "var(--accent-a2)", "transparent"),
        data_testid="calendar-day",
        data_date=day.date,
    )


def week_column(day) -> rx.Component:
    def block(item) -> rx.Component:
        return rx.box(chip(item), position="absolute", top=item.top, min_height=item.height, left="2px", right="2px")

    return rx.vstack(
        rx.text(day.label, size="1", weight=rx.cond(day.today, "bold", "regular")),
        rx.box(rx.foreach(day.meetings, block), position="relative", height="720px", width="100%", border="1px solid var(--gray-a4)",
               background_image="repeating-linear-gradient(to bottom, transparent 0, transparent 89px, var(--gray-a3) 90px)"),
        spacing="1",
        width="100%",
        data_testid="calendar-day",
        data_date=day.date,
    )


def hour_gutter() -> rx.Component:
    """Hour labels beside the week columns (a day is 720 px: 30 px per hour)."""
    return rx.vstack(
        rx.text("\u00a0", size="1"),
        rx.box(
            *[rx.text(f"{h:02d}:00", size="1", color_scheme="gray", position="absolute", top=f"{h * 30}px") for h in range(0, 24, 3)],
            position="relative",
            height="720px",
            width="100%",
        ),
        spacing="1",
    )


def calendar_grid() -> rx.Component:
    return rx.cond(
        S.view == "week",
        rx.grid(hour_gutter(), rx.foreach(S.days, week_column), grid_template_columns="44px repeat(7, minmax(0, 1fr))", spacing="1", width="100%"),
        rx.vstack(
            rx.grid(*[rx.text(d, size="1", weight="medium", color_scheme="gray") for d in WEEKDAYS], columns="7", width="100%"),
            rx.grid(rx.foreach(S.days, month_cell), columns="7", width="100%"),
            spacing="1",
            width="100%",
        ),
    )


def upcoming_list() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Upcoming", size="4"),
            rx.cond(S.upcoming.length() == 0, rx.text("Nothing planned. Find someone on Discover and request a meeting.", size="2", color_scheme="gray")),
            rx.foreach(
                S.upcoming,
                lambda u: rx.link(
                    rx.vstack(
                        rx.hstack(rx.badge(u.status_label, color_scheme=status_color(u.status)), rx.text(u.when, size="2", weight="bold"), wrap="wrap"),
                        rx.text(u.title, size="2"),
                        spacing="1",
                    ),
                    href=u.url,
                    underline="none",
                    color="inherit",
                    data_testid="upcoming-item",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def feed_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Subscribe in your calendar app", size="3"),
            rx.text("Make a private feed link for your calendar app under Settings.", size="1", color_scheme="gray"),
            rx.link("Calendar feed settings", href=routes.SETTINGS + "#calendar-feed", size="2", data_testid="feed-settings-link"),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def calendar_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.hstack(
                rx.heading("My meetings", size="7"),
                rx.spacer(),
                rx.text("Times in ", S.timezone, size="1", color_scheme="gray", data_testid="calendar-timezone"),
                width="100%",
                align="center",
            ),
            rx.hstack(
                rx.button(rx.icon("chevron_left"), variant="soft", on_click=S.previous, aria_label="Previous"),
                rx.button("Today", variant="soft", on_click=S.today),
                rx.button(rx.icon("chevron_right"), variant="soft", on_click=S.following, aria_label="Next"),
                rx.heading(S.title, size="4", data_testid="calendar-title"),
                rx.spacer(),
                rx.segmented_control.root(
                    rx.segmented_control.item("Month", value="month"),
                    rx.segmented_control.item("Week", value="week"),
                    value=S.view,
                    on_change=S.set_view,
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.grid(
                rx.box(calendar_grid(), grid_column=rx.breakpoints(initial="span 1", lg="span 3")),
                rx.vstack(upcoming_list(), feed_card(), spacing="3", width="100%"),
                columns=rx.breakpoints(initial="1", lg="4"),
                spacing="4",
                width="100%",
            ),
            rx.link("Credits for online meetings", href=routes.CREDITS, size="2"),
            spacing="4",
            width="100%",
        ),
        max_width="1280px",
    )


ON_LOAD = [AuthState.require_login, CalendarState.load]
