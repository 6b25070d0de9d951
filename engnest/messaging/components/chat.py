"""Chat building blocks: conversation rows, message bubbles, day separators, the composer.

They take vars, never State classes. Message text is rendered as text (React escapes it); the only
markup made from it is an anchor for http(s) links, opened in a new tab without referrer or opener.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from engnest.messaging.domain.messages import MAX_LENGTH

# The typing hint fades out by itself unless another signal restarts it (its key changes).
CHAT_CSS = """
@keyframes engnest-typing { 0%, 85% { opacity: 1; visibility: visible; } 100% { opacity: 0; visibility: hidden; } }
.engnest-typing { animation: engnest-typing 5s ease-in forwards; }
#dm-scroll { overflow-anchor: none; }
"""


ONE_LINE = {"white_space": "nowrap", "overflow": "hidden", "text_overflow": "ellipsis"}


def person_avatar(initials: rx.Var, src: rx.Var, online: rx.Var, size: str = "3") -> rx.Component:
    return rx.box(
        rx.avatar(src=src, fallback=initials, radius="full", size=size),
        rx.cond(
            online,
            rx.box(
                position="absolute", bottom="0", right="0", width="11px", height="11px", border_radius="50%",
                background_color="var(--green-9)", border="2px solid var(--color-panel-solid)",
                title="Online", data_testid="online-dot",
            ),
        ),
        position="relative",
        flex_shrink="0",
    )


def unread_pill(count: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        count > 0,
        rx.badge(rx.cond(count > 99, "99+", count.to_string()), color_scheme="red", variant="solid", radius="full", data_testid=test_id),
    )


def conversation_row(item: rx.Var, selected_id: rx.Var | int) -> rx.Component:
    return rx.link(
        rx.hstack(
            person_avatar(item.initials, item.avatar, item.online),
            rx.vstack(
                rx.hstack(
                    rx.text(item.name, weight=rx.cond(item.unread > 0, "bold", "medium"), flex="1", min_width="0", style=ONE_LINE, data_testid="conversation-name"),
                    rx.text(item.time, size="1", color_scheme="gray", flex_shrink="0"),
                    width="100%",
                    align="center",
                ),
                rx.hstack(
                    rx.text(item.preview, size="2", color_scheme="gray", flex="1", min_width="0", style=ONE_LINE, data_testid="conversation-preview"),
                    unread_pill(item.unread, "conversation-unread"),
                    width="100%",
                    align="center",
                ),
                spacing="0",
                min_width="0",
                width="100%",
            ),
            align="center",
            spacing="3",
            padding="0.6em 0.75em",
            border_radius="var(--radius-3)",
            background_color=rx.cond(item.peer_id == selected_id, "var(--accent-a3)", "transparent"),
            _hover={"background_color": "var(--gray-a3)"},
            width="100%",
        ),
        href=item.href,
        underline="none",
        color="inherit",
        width="100%",
        data_testid="conversation",
        data_peer=item.peer_id,
    )


def conversation_list(items: rx.Var, selected_id: rx.Var | int, empty: rx.Component) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.vstack(rx.foreach(items, lambda item: conversation_row(item, selected_id)), spacing="1", width="100%", data_testid="conversation-list"),
        empty,
    )


def _parts(parts: rx.Var) -> rx.Component:
    return rx.foreach(
        parts,
        lambda part: rx.cond(
            part.href != "",
            rx.el.a(part.text, href=part.href, target="_blank", rel="noopener noreferrer nofollow ugc", style={"text_decoration": "underline"}),
            rx.text.span(part.text),
        ),
    )


def message_bubble(line: rx.Var, seen_id: rx.Var, seen_time: rx.Var) -> rx.Component:
    mine = line.mine
    return rx.box(
        rx.cond(
            line.new_day,
            rx.center(rx.badge(line.day, variant="soft", color_scheme="gray", radius="full"), padding_y="0.75em", data_testid="day-separator"),
        ),
        rx.flex(
            rx.box(
                rx.text(_parts(line.parts), size="3", white_space="pre-wrap", overflow_wrap="anywhere", data_testid="message-text"),
                rx.text(line.time, size="1", opacity="0.7", text_align="right", title=line.stamp, data_testid="message-time"),
                padding="0.45em 0.75em",
                border_radius="var(--radius-4)",
                max_width="75%",
                background_color=rx.cond(mine, "var(--accent-9)", "var(--gray-a3)"),
                color=rx.cond(mine, "var(--accent-contrast)", "inherit"),
            ),
            justify=rx.cond(mine, "end", "start"),
            width="100%",
        ),
        rx.cond(
            line.id == seen_id,
            rx.text("Seen ", seen_time, size="1", color_scheme="gray", text_align="right", data_testid="seen-receipt"),
        ),
        padding_y="2px",
        data_id=line.id,
        data_mine=mine,
        data_testid=rx.cond(mine, "message-mine", "message-theirs"),
    )


def composer(on_submit: Callable, on_typing: Callable, errors: rx.Var, disabled: rx.Var) -> rx.Component:
    """Enter sends, Shift+Enter adds a line (assets/chat.js). The hidden key makes a send idempotent.
    No maxlength: the browser would cut a long paste silently; the server says what the limit is."""
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.text_area(
                    name="body",
                    id="dm-input",
                    placeholder="Write a message",
                    rows="2",
                    resize="vertical",
                    width="100%",
                    on_change=on_typing,
                    disabled=disabled,
                    aria_label="Message",
                    data_testid="message-input",
                    data_max_length=MAX_LENGTH,  # enforced before sending (assets/chat.js), announced, never cut
                ),
                rx.el.input(type="hidden", name="client_key", id="dm-key"),
                rx.button(rx.icon("send", size=16), "Send", type="submit", size="3", disabled=disabled, data_testid="send-message"),
                align="end",
                width="100%",
            ),
            rx.cond(errors.contains("body"), rx.text(errors["body"], color_scheme="red", size="2", role="alert", data_testid="error-body")),
            rx.cond(errors.contains("form"), rx.text(errors["form"], color_scheme="red", size="2", role="alert", data_testid="error-form")),
            rx.text("Enter to send · Shift+Enter for a new line", size="1", color_scheme="gray"),
            spacing="1",
            width="100%",
        ),
        on_submit=on_submit,
        width="100%",
        data_testid="composer",
    )
