"""The room directory page: search by name or tag, member counts, create a room, choose a pseudonym."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.community.pages.directory_state import DirectoryState as D
from engnest.platform import routes
from engnest.platform.ui.shell import app_page


def _error(errors: rx.Var, key: str) -> rx.Component:
    return rx.cond(errors.contains(key), rx.text(errors[key], color_scheme="red", size="2", role="alert", data_testid=f"error-{key}"))


def _room_card(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.vstack(
                    rx.hstack(
                        rx.cond(item.private, rx.icon("lock", size=14), rx.icon("hash", size=14)),
                        rx.text(item.name, weight="bold", data_testid="room-card-name"),
                        rx.cond(item.unread > 0, rx.badge(item.unread, color_scheme="blue", radius="full", data_testid="room-card-unread")),
                        align="center",
                        spacing="2",
                    ),
                    rx.text(item.topic, size="2", color_scheme="gray"),
                    rx.hstack(rx.foreach(item.tags, lambda t: rx.badge(t, variant="soft")), spacing="1", wrap="wrap"),
                    spacing="1",
                    align="start",
                ),
                rx.spacer(),
                rx.vstack(
                    rx.text(item.members, size="1", color_scheme="gray", data_testid="room-card-members"),
                    rx.cond(item.role != "", rx.badge(item.role, variant="outline")),
                    rx.cond(item.pending == "request", rx.badge("requested", color_scheme="amber")),
                    rx.cond(item.pending == "invite", rx.badge("invited", color_scheme="green")),
                    align="end",
                    spacing="1",
                ),
                width="100%",
            ),
            width="100%",
        ),
        href=item.href,
        underline="none",
        width="100%",
        data_testid="room-card",
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Start a room", size="4"),
            rx.input(name="name", placeholder="Name", aria_label="Room name", data_testid="room-name-input", width="100%"),
            _error(D.errors, "name"),
            rx.input(name="topic", placeholder="Topic (optional)", aria_label="Topic", width="100%"),
            _error(D.errors, "topic"),
            rx.input(name="tags", placeholder="Tags, e.g. fea cad pcb", aria_label="Tags", width="100%"),
            _error(D.errors, "tags"),
            rx.select(["public", "private"], name="visibility", default_value="public", aria_label="Who may join"),
            _error(D.errors, "visibility"),
            _error(D.errors, "form"),
            rx.button("Create room", type="submit", data_testid="room-create"),
            spacing="2",
            width="100%",
        ),
        on_submit=D.create,
        reset_on_submit=False,
        width="100%",
    )


def _pseudonym() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("How people who have not met you see you", size="4"),
            rx.text("In rooms, strangers see ", rx.text.strong(D.pseudonym, data_testid="my-pseudonym"),
                    "; people you have met see your name.", size="2"),
            rx.hstack(
                rx.input(name="handle", placeholder="Choose a handle", aria_label="Handle", data_testid="handle-input"),
                rx.button("Use this handle", type="submit", variant="soft", data_testid="handle-save"),
            ),
            _error(D.handle_errors, "handle"),
            spacing="2",
        ),
        on_submit=D.choose_handle,
        width="100%",
    )


def directory_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.hstack(
                rx.heading("Rooms", size="7"),
                rx.spacer(),
                rx.cond(D.open_reports > 0, rx.link(rx.badge(D.open_reports.to_string(), " to handle", color_scheme="red"), href=routes.MODERATION)),
                rx.cond(D.moderates, rx.link("Moderation", href=routes.MODERATION, data_testid="rooms-moderation-link")),
                width="100%", align="center",
            ),
            rx.text("Talk shop with engineers you have not met yet. Times are in ", AuthState.timezone, ".", color_scheme="gray"),
            rx.form(
                rx.hstack(
                    rx.input(name="query", placeholder="Search by name or tag", default_value=D.query, aria_label="Search rooms", width="100%", data_testid="room-search"),
                    rx.button("Search", type="submit"),
                    width="100%",
                ),
                on_submit=D.search,
                width="100%",
            ),
            rx.vstack(
                rx.foreach(D.rooms, _room_card),
                rx.cond(D.rooms.length() == 0, rx.text("No rooms match.", color_scheme="gray", data_testid="no-rooms")),
                width="100%",
                spacing="2",
            ),
            rx.card(_create_form(), width="100%"),
            rx.card(_pseudonym(), width="100%"),
            spacing="4",
            width="100%",
        ),
        max_width="760px",
    )


ON_LOAD = [AuthState.require_login, D.load]
