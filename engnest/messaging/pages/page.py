"""The messages pages: the conversation list, and a thread beside it (the list hides on phones)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.calls.components.call_panel import call_button
from engnest.messaging.components.attachments import UPLOAD_ID, file_button, file_error
from engnest.messaging.components.chat import CHAT_CSS, EditHooks, composer, conversation_list, message_bubble, person_avatar
from engnest.messaging.components.search import search_panel
from engnest.messaging.pages.attachment_state import AttachmentState
from engnest.messaging.pages.composer_state import ComposerState
from engnest.messaging.pages.edit_state import EditState, SearchState
from engnest.messaging.pages.list_state import ConversationsState
from engnest.messaging.pages.thread_state import ThreadState
from engnest.platform import routes
from engnest.platform.settings import get_settings
from engnest.platform.ui.interval import every
from engnest.platform.ui.shell import app_page

T = ThreadState
THREAD_ROUTE = f"{routes.MESSAGES}/[user_id]"
PRESENCE_REFRESH_MS = 60_000  # dots also move by presence pushes; this keeps "Active 5 min ago" fresh


def _no_conversations() -> rx.Component:
    return rx.vstack(
        rx.icon("message_circle", size=28, color="var(--gray-9)"),
        rx.text("No conversations yet.", weight="medium"),
        rx.text(
            "Once a meeting between you and another engineer is accepted, you become collaborators and can message each other here.",
            size="2",
            color_scheme="gray",
        ),
        align="center",
        text_align="center",
        padding="2em 1em",
        data_testid="no-conversations",
    )


def _presence_refresh() -> rx.Component:
    return every(PRESENCE_REFRESH_MS, ConversationsState.tick)


def messages_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Messages", size="7"),
            rx.text("Conversations with your collaborators. Times are in ", AuthState.timezone, ".", color_scheme="gray"),
            rx.card(conversation_list(ConversationsState.items, 0, _no_conversations()), width="100%", padding="0.5em"),
            _presence_refresh(),
            spacing="4",
            width="100%",
        ),
        max_width="720px",
    )


def _thread_header() -> rx.Component:
    return rx.hstack(
        rx.link(rx.icon("arrow_left", size=18), href=routes.MESSAGES, aria_label="All conversations", display=["block", "block", "none"]),
        person_avatar(T.peer_initials, T.peer_avatar, T.peer_online),
        rx.vstack(
            rx.text(T.peer_name, weight="bold", size="4", data_testid="thread-peer-name"),
            rx.text(T.peer_activity, size="1", color_scheme=rx.cond(T.peer_online, "green", "gray"), data_testid="thread-peer-activity"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(T.peer_id > 0, rx.hstack(call_button(T.peer_id, "audio"), call_button(T.peer_id, "video"), spacing="2")),
        align="center",
        spacing="3",
        padding_bottom="0.5em",
        border_bottom="1px solid var(--gray-a5)",
        width="100%",
    )


_EDIT = EditHooks(
    EditState.editing_id, EditState.confirm_id, EditState.error, EditState.error_id,
    EditState.start, EditState.ask_delete, EditState.cancel, EditState.save, EditState.delete,
)


def _history() -> rx.Component:
    return rx.box(
        rx.box(
            rx.cond(
                T.has_older,
                rx.center(rx.button("Load older messages", id="dm-load-older", on_click=T.load_older, variant="ghost", size="1", data_testid="load-older")),
            ),
            rx.cond(
                T.messages.length() == 0,
                rx.center(rx.text("No messages yet. Say hello to ", T.peer_name, "!", color_scheme="gray", size="2"), padding="2em"),
            ),
            rx.box(rx.foreach(T.messages, lambda line: message_bubble(line, T.seen_id, T.seen_time, _EDIT)), id="dm-list"),
            id="dm-scroll",
            data_peer=T.peer_id,
            data_unseen=T.unseen,
            height=["calc(100vh - 330px)", "calc(100vh - 330px)", "min(62vh, 620px)"],
            min_height="240px",
            overflow_y="auto",
            padding_x="0.25em",
            data_testid="thread-history",
        ),
        rx.button(
            "New messages", rx.icon("arrow_down", size=14),
            id="dm-new-pill", hidden=True, size="1", radius="full",
            position="absolute", bottom="0.75em", left="50%", transform="translateX(-50%)", box_shadow="var(--shadow-3)",
            data_testid="new-messages-pill",
        ),
        rx.el.button(id="dm-mark-read", on_click=T.mark_read, type="button", hidden=True, aria_hidden="true", tab_index=-1),
        position="relative",
        width="100%",
    )


def _typing_hint() -> rx.Component:
    return rx.box(
        rx.cond(
            T.peer_typing,
            rx.text(T.peer_name, " is typing…", key=T.typing_seq, size="1", color_scheme="gray", class_name="engnest-typing", data_testid="typing-indicator"),
        ),
        height="1.25em",
    )


def _thread() -> rx.Component:
    return rx.card(
        rx.vstack(
            _thread_header(),
            search_panel(
                SearchState.search, SearchState.more, SearchState.clear, SearchState.hits, SearchState.has_more,
                SearchState.searched, SearchState.error,
            ),
            _history(),
            _typing_hint(),
            composer(
                ComposerState.send, ComposerState.typing.throttle(2500), ComposerState.errors, T.refused != "",
                attach=file_button(AttachmentState.upload(rx.upload_files(upload_id=UPLOAD_ID)), T.refused != "", get_settings().attachment_max_bytes // (1024 * 1024)),
            ),
            file_error(AttachmentState.error),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="thread",
    )


def _refused() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.callout(T.refused, icon="lock", color_scheme="amber", data_testid="thread-refused", width="100%"),
            rx.link("All conversations", href=routes.MESSAGES),
            spacing="3",
        ),
        width="100%",
    )


def thread_page() -> rx.Component:
    # `leave` hangs on the page's root, not inside app_page's signed-in gate: a reconnect that comes back under a
    # new tab token (the server had not yet seen the old socket drop) starts from a fresh, signed-out state, so the
    # gated body unmounts and remounts while the thread stays on screen. A `leave` fired by that remount reached the
    # server after the reconnect's `load` and switched the thread off: the next message was neither shown nor
    # notified. Here it fires only when the page itself goes away.
    page = app_page(
        rx.el.style(CHAT_CSS),
        rx.script(src="/chat.js"),
        rx.grid(
            rx.box(
                rx.card(conversation_list(ConversationsState.items, T.peer_id, _no_conversations()), padding="0.5em", width="100%"),
                display=["none", "none", "block"],
            ),
            rx.box(
                rx.cond(T.refused != "", _refused(), rx.cond(T.loaded, _thread(), rx.center(rx.spinner(size="3"), padding="3em"))),
                min_width="0",
            ),
            grid_template_columns=["1fr", "1fr", "260px minmax(0, 1fr)", "300px minmax(0, 1fr)"],  # list beside the thread from 48em
            spacing="4",
            width="100%",
        ),
        _presence_refresh(),
        max_width="1200px",
    )
    return rx.fragment(page, on_unmount=T.leave)


MESSAGES_ON_LOAD = [AuthState.require_login, ConversationsState.load]
THREAD_ON_LOAD = [
    AuthState.require_login, ConversationsState.load, ThreadState.load, ComposerState.clear, AttachmentState.clear, EditState.cancel, SearchState.clear,
]
