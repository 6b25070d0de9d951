"""The home dashboard's blocks. Each shows a clear empty state, so the page always answers "what now?"."""

from __future__ import annotations

import reflex as rx

from engnest.discovery.pages.dashboard.state import DashboardState as S
from engnest.platform import routes


def _block(title: str, testid: str, *children: rx.Component, link: tuple[str, str] | None = None) -> rx.Component:
    header = [rx.heading(title, size="4", as_="h2")]
    if link:
        header += [rx.spacer(), rx.link(link[0], href=link[1], size="2")]
    return rx.card(
        rx.vstack(rx.hstack(*header, width="100%", align="center"), *children, spacing="2", width="100%", min_width="0"),
        data_testid=testid,
        width="100%",
        min_width="0",
    )


def _loading(body: rx.Component) -> rx.Component:
    return rx.cond(S.loaded, body, rx.skeleton(rx.box(height="3em"), width="100%"))


def next_meeting_block() -> rx.Component:
    m = S.next_meeting
    return _block(
        "Next meeting",
        "dash-next",
        _loading(
            rx.cond(
                S.has_next,
                rx.vstack(
                    rx.link(rx.text.strong(m.who), href=m.url, data_testid="dash-next-who"),
                    rx.text(m.when, " · ", m.place, size="2"),
                    rx.badge(m.countdown, color_scheme="indigo", size="2", data_testid="dash-countdown"),
                    rx.cond(
                        m.online,
                        rx.link(rx.button(rx.icon("video", size=16), "Join"), href=m.url, data_testid="dash-join"),
                        rx.cond(
                            m.directions_url != "",
                            rx.link(
                                rx.button(rx.icon("map_pin", size=16), "Directions", variant="soft"),
                                href=m.directions_url, is_external=True, data_testid="dash-directions",
                            ),
                        ),
                    ),
                    spacing="2",
                ),
                rx.vstack(
                    rx.text("No meeting planned yet.", color_scheme="gray"),
                    rx.link("Find someone to meet", href=routes.DISCOVER, size="2"),
                    spacing="1",
                ),
            )
        ),
        link=("Calendar", routes.MEETINGS),
    )


def waiting_block() -> rx.Component:
    return _block(
        "Waiting for your answer",
        "dash-waiting",
        _loading(
            rx.cond(
                S.waiting.length() > 0,
                rx.vstack(
                    rx.foreach(
                        S.waiting,
                        lambda w: rx.hstack(
                            rx.badge(w.status, color_scheme="amber"),
                            rx.link(w.title, href=w.url, size="2"),
                            rx.text(w.when, size="1", color_scheme="gray"),
                            wrap="wrap", spacing="2", align="center", data_testid="dash-waiting-item",
                        ),
                    ),
                    spacing="2",
                ),
                rx.text("Nothing waits for you.", color_scheme="gray"),
            )
        ),
    )


def unread_block() -> rx.Component:
    return _block(
        "Unread conversations",
        "dash-unread",
        _loading(
            rx.cond(
                S.unread.length() > 0,
                rx.vstack(
                    rx.foreach(
                        S.unread,
                        lambda c: rx.link(
                            rx.vstack(
                                rx.hstack(rx.text.strong(c.name), rx.badge(c.unread, " new", color_scheme="red"), spacing="2", align="center"),
                                rx.text(c.last, size="1", color_scheme="gray", width="100%", overflow="hidden", white_space="nowrap", text_overflow="ellipsis"),
                                spacing="0", width="100%", overflow="hidden",
                            ),
                            href=c.url, data_testid="dash-unread-item", underline="none", display="block", width="100%", min_width="0",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                    min_width="0",  # long lines end in an ellipsis instead of widening the card
                ),
                rx.text("You are all caught up.", color_scheme="gray"),
            )
        ),
        link=("All messages", routes.MESSAGES),
    )
