"""Chat building blocks: conversation rows, message bubbles, day separators, the composer.

They take vars, never State classes. Message text is rendered as text (React escapes it): markdown arrives as
typed runs (domain.markdown) that become text nodes inside <strong>, <em>, <code> and <pre>; the only
other markup made from it is an anchor for http(s) links, opened in a new tab without referrer or opener.
No user text is ever rendered as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx

from engnest.messaging.components.attachments import attachment_view
from engnest.messaging.domain.messages import MAX_LENGTH

# The typing hint fades out by itself unless another signal restarts it (its key changes).
CHAT_CSS = """
@keyframes engnest-typing { 0%, 85% { opacity: 1; visibility: visible; } 100% { opacity: 0; visibility: hidden; } }
.engnest-typing { animation: engnest-typing 5s ease-in forwards; }
#dm-scroll { overflow-anchor: none; }
.engnest-pre { font-family: var(--code-font-family, ui-monospace, monospace); font-size: 0.9em; white-space: pre;
  overflow-x: auto; margin: 0.35em 0; padding: 0.5em 0.65em; border-radius: var(--radius-2);
  background: var(--gray-a3); color: var(--gray-12); border-left: 3px solid var(--accent-8); }
.engnest-code { font-family: var(--code-font-family, ui-monospace, monospace); font-size: 0.9em; padding: 0 0.25em;
  border-radius: var(--radius-1); background: var(--gray-a4); }
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


def _run(part: rx.Var) -> rx.Component:
    return rx.match(
        part.kind,
        ("link", rx.el.a(part.text, href=part.href, target="_blank", rel="noopener noreferrer nofollow ugc", style={"text_decoration": "underline"})),
        ("bold", rx.el.strong(part.text)),
        ("italic", rx.el.em(part.text)),
        ("code", rx.el.code(part.text, class_name="engnest-code")),
        ("block", rx.el.pre(rx.el.code(part.text), class_name="engnest-pre", data_lang=part.lang, data_testid="message-code-block")),
        rx.text.span(part.text),
    )


def _parts(parts: rx.Var) -> rx.Component:
    return rx.foreach(parts, _run)


@dataclass(frozen=True)
class EditHooks:
    """What a bubble needs to offer Edit and Delete on the viewer's own recent messages."""

    editing_id: rx.Var
    confirm_id: rx.Var
    error: rx.Var
    error_id: rx.Var
    start: Callable
    ask_delete: Callable
    cancel: Callable
    save: Callable
    delete: Callable


def _edit_form(line: rx.Var, hooks: EditHooks) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(
                name="body", default_value=line.body, rows="3", width="100%", auto_focus=True, aria_label="Edit message", data_testid="edit-input"
            ),
            rx.el.input(type="hidden", name="message_id", value=line.id.to_string()),
            rx.hstack(
                rx.button("Cancel", type="button", variant="soft", color_scheme="gray", size="1", on_click=hooks.cancel),
                rx.button("Save", type="submit", size="1", data_testid="edit-save"),
                justify="end",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
        on_submit=hooks.save,
        reset_on_submit=False,
        width="min(32em, 80%)",
        data_testid="edit-form",
    )


def _actions(line: rx.Var, hooks: EditHooks) -> rx.Component:
    return rx.fragment(
        rx.cond(
            line.changeable & (line.id == hooks.confirm_id),
            rx.hstack(
                rx.text("Delete this message for both of you?", size="1"),
                rx.button("Keep", variant="soft", color_scheme="gray", size="1", on_click=hooks.cancel),
                rx.button("Delete", color_scheme="red", size="1", on_click=hooks.delete(line.id), data_testid="message-delete-confirm"),
                justify="end",
                align="center",
                spacing="2",
                padding_top="2px",
                role="alertdialog",
            ),
            rx.cond(
                line.changeable & (line.id != hooks.editing_id),
                rx.hstack(
                    rx.button("Edit", variant="ghost", size="1", on_click=hooks.start(line.id), data_testid="message-edit"),
                    rx.button("Delete", variant="ghost", color_scheme="red", size="1", on_click=hooks.ask_delete(line.id), data_testid="message-delete"),
                    justify="end",
                    spacing="3",
                    padding_top="2px",
                ),
            ),
        ),
        rx.cond(
            line.id == hooks.error_id,
            rx.text(hooks.error, color_scheme="red", size="1", text_align="right", role="alert", data_testid="edit-error"),
        ),
    )


def _body(line: rx.Var) -> rx.Component:
    return rx.cond(
        line.deleted,
        rx.text("Message deleted", size="2", font_style="italic", opacity="0.75", data_testid="message-deleted"),
        rx.fragment(
            attachment_view(line),
            rx.cond(
                line.parts.length() > 0,
                rx.box(_parts(line.parts), font_size="var(--font-size-3)", white_space="pre-wrap", overflow_wrap="anywhere", data_testid="message-text"),
            ),
        ),
    )


def message_bubble(line: rx.Var, seen_id: rx.Var, seen_time: rx.Var, hooks: EditHooks | None = None) -> rx.Component:
    mine = line.mine
    bubble = rx.box(
        _body(line),
        rx.text(
            rx.cond(line.edited, rx.text.span("edited · ", data_testid="message-edited")),
            line.time,
            size="1", opacity="0.7", text_align="right", title=line.stamp, data_testid="message-time",
        ),
        padding="0.45em 0.75em",
        border_radius="var(--radius-4)",
        max_width="75%",
        background_color=rx.cond(mine, "var(--accent-9)", "var(--gray-a3)"),
        color=rx.cond(mine, "var(--accent-contrast)", "inherit"),
    )
    if hooks is not None:
        bubble = rx.cond(line.id == hooks.editing_id, _edit_form(line, hooks), bubble)
    return rx.box(
        rx.cond(
            line.new_day,
            rx.center(rx.badge(line.day, variant="soft", color_scheme="gray", radius="full"), padding_y="0.75em", data_testid="day-separator"),
        ),
        rx.cond(
            line.call,
            rx.center(
                rx.text(rx.icon("phone", size=14), " ", line.body, ", ", line.time, size="2", color_scheme="gray", title=line.stamp),
                width="100%", padding_y="0.25em", data_testid="call-line",
            ),
            rx.flex(bubble, justify=rx.cond(mine, "end", "start"), width="100%"),
        ),
        _actions(line, hooks) if hooks is not None else rx.fragment(),
        rx.cond(
            line.id == seen_id,
            rx.text("Seen ", seen_time, size="1", color_scheme="gray", text_align="right", data_testid="seen-receipt"),
        ),
        padding_y="2px",
        data_id=line.id,
        data_mine=mine,
        data_testid=rx.cond(mine, "message-mine", "message-theirs"),
    )


def composer(
    on_submit: Callable, on_typing: Callable, errors: rx.Var, disabled: rx.Var, attach: rx.Component | None = None
) -> rx.Component:
    """Enter sends, Shift+Enter adds a line (assets/chat.js). The hidden key makes a send idempotent.
    No maxlength: the browser would cut a long paste silently; the server says what the limit is. `attach`: a
    button that sends a file, beside Send."""
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
                attach if attach is not None else rx.fragment(),
                rx.button(rx.icon("send", size=16), "Send", type="submit", size="3", disabled=disabled, data_testid="send-message"),
                align="end",
                width="100%",
            ),
            rx.cond(errors.contains("body"), rx.text(errors["body"], color_scheme="red", size="2", role="alert", data_testid="error-body")),
            rx.cond(errors.contains("form"), rx.text(errors["form"], color_scheme="red", size="2", role="alert", data_testid="error-form")),
            rx.hstack(
                rx.text("Enter to send · Shift+Enter for a new line", size="1", color_scheme="gray"),
                # The state of the last message sent (assets/chat.js fills it): Sending…, Sent, Not sent. + Retry.
                rx.text(id="dm-send-state", size="1", color_scheme="gray", role="status", data_testid="send-state"),
                rx.el.button("Retry", id="dm-retry", type="button", hidden=True, data_testid="retry-send",
                             style={"font_size": "var(--font-size-1)", "text_decoration": "underline", "cursor": "pointer"}),
                spacing="2",
                align="center",
            ),
            spacing="1",
            width="100%",
        ),
        on_submit=on_submit,
        width="100%",
        data_testid="composer",
    )
