"""The notification list: newest first, a page at a time (the page is in the URL), unread ones marked."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.notifications.domain.notification_kinds import OTHER, STYLES
from engnest.notifications.pages.state import NotificationsState
from engnest.notifications.pages.views import NotificationItem
from engnest.platform.ui.shell import app_page

S = NotificationsState


def icons() -> list[str]:
    """The icons of the registered kinds (the features register them before the page compiles)."""
    return sorted({style.icon for style in STYLES.values()} - {OTHER.icon})


def kind_icon(note: NotificationItem) -> rx.Component:
    """Static icons chosen by name (no icon is fetched at run time); unknown names get the bell."""
    return rx.match(note.icon, *[(name, rx.icon(name, size=18)) for name in icons()], rx.icon(OTHER.icon, size=18))


def row(note: rx.Var[NotificationItem]) -> rx.Component:
    unread = ~note.read
    return rx.card(
        rx.hstack(
            rx.box(kind_icon(note), color=f"var(--{note.color}-11)", padding_top="2px"),
            rx.vstack(
                rx.hstack(
                    rx.badge(note.label, color_scheme="gray", variant="soft", size="1"),
                    rx.cond(unread, rx.badge("New", color_scheme="red", variant="solid", size="1", data_testid="notification-unread")),
                    rx.spacer(),
                    rx.text(note.time, size="1", color_scheme="gray", title=note.stamp, data_testid="notification-time"),
                    width="100%",
                    align="center",
                ),
                rx.link(
                    rx.text(note.title, weight=rx.cond(unread, "bold", "regular"), size="3"),
                    href="#",
                    on_click=S.open(note.id).prevent_default,
                    color="inherit",
                    underline="hover",
                    data_testid="notification-open",
                ),
                rx.cond(note.body != "", rx.text(note.body, size="2", color_scheme="gray")),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            rx.cond(
                unread,
                rx.icon_button(
                    rx.icon("check", size=18), variant="soft", size="1", on_click=S.mark_read(note.id),
                    aria_label="Mark as read", title="Mark as read", data_testid="notification-mark-read",
                ),
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        width="100%",
        variant="surface",
        background_color=rx.cond(unread, "var(--accent-a2)", "transparent"),
        data_testid="notification",
        data_read=note.read.to_string(),
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.cond(S.newer_href != "", rx.link(rx.button(rx.icon("chevron_left", size=16), "Newer", variant="soft"), href=S.newer_href, data_testid="page-newer")),
        rx.spacer(),
        rx.cond((S.page > 1) | S.has_more, rx.text("Page ", S.page.to_string(), size="2", color_scheme="gray", data_testid="page-number")),
        rx.spacer(),
        rx.cond(S.older_href != "", rx.link(rx.button("Older", rx.icon("chevron_right", size=16), variant="soft"), href=S.older_href, data_testid="page-older")),
        width="100%",
        align="center",
    )


def notifications_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.hstack(
                rx.heading("Notifications", size="7"),
                rx.spacer(),
                rx.button(
                    rx.icon("check_check", size=16), "Mark all as read", variant="soft", on_click=S.mark_all_read,
                    disabled=S.unread == 0, data_testid="mark-all-read",
                ),
                width="100%",
                align="center",
                wrap="wrap",
                spacing="2",
            ),
            rx.cond(S.notice != "", rx.callout(S.notice, icon="info", color_scheme="amber", width="100%", data_testid="notification-notice")),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.items.length() > 0,
                    rx.vstack(rx.foreach(S.items, row), spacing="2", width="100%", data_testid="notification-list"),
                    rx.center(
                        rx.vstack(
                            rx.icon("bell_off", size=32, color="var(--gray-9)"),
                            rx.text(rx.cond(S.page > 1, "Nothing on this page.", "No notifications yet. Meeting requests, messages and friend requests show up here."), color_scheme="gray"),
                            align="center",
                        ),
                        width="100%",
                        padding="3em",
                        data_testid="notifications-empty",
                    ),
                ),
                rx.center(rx.spinner(size="3"), width="100%", padding="3em", data_testid="notifications-loading"),
            ),
            pager(),
            spacing="4",
            width="100%",
        ),
        max_width="760px",
    )


ON_LOAD = [AuthState.require_login, NotificationsState.load]
