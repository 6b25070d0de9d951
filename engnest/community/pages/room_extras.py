"""Parts of a room line for replies and reactions: the quote of the message replied to, the reaction chips (click
to add or take back yours), the reply button, and the "replying to" banner over the composer."""

from __future__ import annotations

import reflex as rx

from engnest.community.pages.room_extras_state import REACTIONS
from engnest.community.pages.room_extras_state import RoomExtrasState as X
from engnest.community.pages.room_state import RoomState as R


def quote(item: rx.Var) -> rx.Component:
    key = item.id.to_string()
    return rx.cond(
        X.quotes.contains(key),
        rx.box(
            rx.text(X.quotes[key].sender, size="1", weight="medium"),
            rx.text(X.quotes[key].text, size="1", color_scheme="gray", overflow_wrap="anywhere"),
            border_left="3px solid var(--accent-a6)",
            padding_left="6px",
            margin_y="2px",
            data_testid="room-line-quote",
        ),
    )


def _chip(chip: rx.Var, message_id: rx.Var) -> rx.Component:
    return rx.button(
        chip.emoji, " ", chip.count, size="1", variant=rx.cond(chip.mine, "soft", "outline"), radius="full",
        on_click=X.react(message_id, chip.emoji), aria_pressed=chip.mine, data_testid="room-reaction",
    )


def actions(item: rx.Var) -> rx.Component:
    key = item.id.to_string()
    return rx.hstack(
        rx.cond(X.reactions.contains(key), rx.foreach(X.reactions[key], lambda c: _chip(c, item.id))),
        rx.popover.root(
            rx.popover.trigger(rx.icon_button(rx.icon("smile_plus", size=12), size="1", variant="ghost", aria_label="React", data_testid="room-react")),
            rx.popover.content(rx.flex(*[
                rx.button(e, size="2", variant="soft", on_click=X.react(item.id, e), aria_label=f"React {e}", data_testid="room-react-pick")
                for e in REACTIONS
            ], gap="2", wrap="nowrap"), width="auto", max_width="none"),
        ),
        rx.icon_button(rx.icon("reply", size=12), size="1", variant="ghost", aria_label="Reply", on_click=X.reply_to(item.id), data_testid="room-reply"),
        spacing="1",
        align="center",
        wrap="wrap",
    )


def replying_banner() -> rx.Component:
    return rx.cond(
        R.replying_to != 0,
        rx.hstack(
            rx.icon("reply", size=14),
            rx.text("Replying to ", R.replying_preview, size="1", color_scheme="gray", overflow_wrap="anywhere", data_testid="room-replying"),
            rx.spacer(),
            rx.icon_button(rx.icon("x", size=12), size="1", variant="ghost", aria_label="Cancel the reply", on_click=X.cancel_reply),
            width="100%",
            align="center",
        ),
    )


def error() -> rx.Component:
    return rx.cond(X.error != "", rx.text(X.error, color_scheme="red", size="1", role="alert"))
