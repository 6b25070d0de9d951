"""A room: its card, and for members the live chat (assets/chat.js scrolls, marks read and keys each send, as
in direct messages), the members with moderation, and requests to join."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.community.pages import room_extras as extras
from engnest.community.pages.report_state import ReportState, report_dialog
from engnest.community.pages.room_extras_state import RoomExtrasState as X
from engnest.community.pages.room_state import RoomState as R
from engnest.messaging.components.chat import CHAT_CSS, composer
from engnest.platform import routes
from engnest.platform.ui.shell import app_page

ROUTE = f"{routes.ROOMS}/[room_id]"
MODERATES = (R.role == "owner") | (R.role == "moderator")


def _line(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(item.sender, weight="bold", size="2", data_testid="room-line-sender"),
            rx.cond(item.met, rx.badge("met", size="1", variant="soft", color_scheme="green")),
            rx.text(item.time, size="1", color_scheme="gray", title=item.stamp),
            rx.spacer(),
            rx.cond(
                ~item.mine,
                rx.icon_button(rx.icon("flag", size=12), size="1", variant="ghost", color_scheme="gray", aria_label="Report message",
                               on_click=ReportState.start("message", item.id, R.room_id, item.sender), data_testid="room-report-message"),
            ),
            rx.cond(
                MODERATES,
                rx.icon_button(rx.icon("trash_2", size=12), size="1", variant="ghost", color_scheme="red", aria_label="Remove message",
                               on_click=R.remove_message(item.id), data_testid="room-remove-message"),
            ),
            align="center",
            spacing="2",
        ),
        extras.quote(item),
        rx.text(
            rx.foreach(item.parts, lambda p: rx.cond(
                p.href != "", rx.el.a(p.text, href=p.href, target="_blank", rel="noopener noreferrer nofollow ugc", style={"text_decoration": "underline"}),
                rx.text.span(p.text),
            )),
            white_space="pre-wrap", overflow_wrap="anywhere", data_testid="room-line-text",
        ),
        extras.actions(item),
        padding_y="4px",
        data_id=item.id,
        data_testid="room-line",
    )


def _member(item: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(item.name, size="2", data_testid="room-member-name"),
        rx.badge(item.role, variant="outline", size="1"),
        rx.cond(item.muted != "", rx.text(item.muted, size="1", color_scheme="amber")),
        rx.spacer(),
        rx.cond(
            item.user_id != R.me,
            rx.icon_button(rx.icon("flag", size=12), size="1", variant="ghost", color_scheme="gray", aria_label="Report person",
                           on_click=ReportState.start("person", item.user_id, R.room_id, item.name), data_testid="room-report-person"),
        ),
        rx.cond(
            MODERATES & (item.role == "member"),
            rx.hstack(
                rx.button("Mute 1 h", size="1", variant="soft", on_click=R.mute(item.user_id), data_testid="room-mute"),
                rx.button("Remove", size="1", variant="soft", color_scheme="red", on_click=R.remove_member(item.user_id), data_testid="room-remove-member"),
                rx.cond(R.role == "owner", rx.button("Make moderator", size="1", variant="ghost", on_click=R.make_role(item.user_id, "moderator"))),
                spacing="1",
            ),
        ),
        width="100%",
        align="center",
        data_testid="room-member",
    )


def _requests() -> rx.Component:
    return rx.cond(
        MODERATES & (R.requests.length() > 0),
        rx.card(
            rx.vstack(
                rx.heading("Asking to join", size="3"),
                rx.foreach(R.requests, lambda r: rx.hstack(
                    rx.text(r.name, size="2"), rx.spacer(),
                    rx.button("Let in", size="1", on_click=R.admit(r.user_id), data_testid="room-admit"), width="100%",
                )),
                width="100%",
            ),
            width="100%",
        ),
    )


def _chat() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.box(
                rx.cond(R.has_older, rx.center(rx.button("Load older messages", id="dm-load-older", on_click=R.load_older, variant="ghost", size="1"))),
                rx.cond(R.lines.length() == 0, rx.center(rx.text("No messages yet. Say hello!", color_scheme="gray", size="2"), padding="2em")),
                rx.box(rx.foreach(R.lines, _line), id="dm-list"),
                id="dm-scroll",
                height="min(60vh, 600px)",
                min_height="240px",
                overflow_y="auto",
                width="100%",
                data_testid="room-history",
            ),
            rx.el.button(id="dm-mark-read", on_click=R.mark_read, type="button", hidden=True, aria_hidden="true", tab_index=-1),
            rx.box(rx.cond(R.typing != "", rx.text(R.typing, " is typing…", size="1", color_scheme="gray", data_testid="room-typing")), height="1.25em"),
            extras.error(),
            extras.replying_banner(),
            composer(R.send, R.signal_typing.throttle(2500), R.errors, ~R.loaded),
            width="100%",
            spacing="2",
        ),
        width="100%",
        data_testid="room-chat",
    )


def _outside() -> rx.Component:
    """Not a member: join a public room, ask to join a private one, or accept an invitation."""
    return rx.card(
        rx.vstack(
            rx.cond(
                R.private & (R.pending != "invite"),
                rx.cond(
                    R.pending == "request",
                    rx.text("You asked to join; a moderator will let you in.", data_testid="room-requested"),
                    rx.button("Ask to join", on_click=R.ask, data_testid="room-ask"),
                ),
                rx.button(rx.cond(R.pending == "invite", "Accept the invitation", "Join the room"), on_click=R.join, data_testid="room-join"),
            ),
            rx.cond(R.errors.contains("form"), rx.text(R.errors["form"], color_scheme="red", size="2", role="alert", data_testid="error-form")),
        ),
        width="100%",
    )


def _room() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link(rx.icon("arrow_left", size=18), href=routes.ROOMS, aria_label="All rooms"),
            rx.cond(R.private, rx.icon("lock", size=18), rx.icon("hash", size=18)),
            rx.heading(R.name, size="6", data_testid="room-name"),
            rx.spacer(),
            rx.text(R.member_count, " members", size="2", color_scheme="gray", data_testid="room-member-count"),
            rx.cond(MODERATES, rx.link("Reports", href=routes.MODERATION, size="2", data_testid="room-moderation-link")),
            rx.link(rx.button("Posts", size="1", variant="soft"), href=f"{routes.FEED}?room=" + R.room_id.to_string(), data_testid="room-posts"),
            rx.cond(R.role != "", rx.button("Leave", size="1", variant="ghost", on_click=R.leave, data_testid="room-leave")),
            align="center",
            width="100%",
        ),
        rx.text(R.topic, color_scheme="gray"),
        rx.hstack(rx.foreach(R.tags, lambda t: rx.badge(t, variant="soft")), spacing="1"),
        rx.cond(
            R.role != "",
            rx.grid(
                _chat(),
                rx.vstack(_requests(), rx.card(rx.vstack(rx.heading("Members", size="3"), rx.foreach(R.members, _member), width="100%"), width="100%"), width="100%"),
                grid_template_columns=["1fr", "1fr", "minmax(0, 1fr) 280px"],
                spacing="4",
                width="100%",
            ),
            _outside(),
        ),
        spacing="3",
        width="100%",
    )


def room_page() -> rx.Component:
    return app_page(
        rx.el.style(CHAT_CSS),
        rx.script(src="/chat.js"),
        report_dialog(),
        rx.cond(
            R.refused != "",
            rx.callout(R.refused, icon="lock", color_scheme="amber", data_testid="room-refused"),
            rx.cond(R.loaded, _room(), rx.center(rx.spinner(size="3"), padding="3em")),
        ),
        max_width="1100px",
    )


ON_LOAD = [AuthState.require_login, R.load, X.load]
