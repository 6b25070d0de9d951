"""What the messages pages show, built from service rows in the viewer's timezone (no reflex here,
so the presentation is testable on its own; the dataclasses are the state vars' item types)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from engnest.messaging.domain.attachments import size_phrase
from engnest.messaging.domain.markdown import runs
from engnest.messaging.domain.messages import can_change, day_label, list_time_label, preview
from engnest.messaging.services.message_rows import ConversationSummary, MessageRow
from engnest.platform import routes
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local, to_local

_THREAD_PATH = re.compile(rf"^{re.escape(routes.MESSAGES)}/([0-9]+)/?$")


def route_peer(path: str) -> int:
    """The [user_id] of /messages/[user_id] in the browser's path; 0 if it is not a plausible id."""
    match = _THREAD_PATH.match(path or "")
    return (parse_id(match.group(1)) or 0) if match else 0


@dataclasses.dataclass
class LinkPart:
    """A run of a message (domain.markdown.Run): kind text, bold, italic, code, link or block."""

    text: str = ""
    href: str = ""
    kind: str = "text"
    lang: str = ""


@dataclasses.dataclass
class ChatLine:
    id: int = 0
    mine: bool = False
    parts: list[LinkPart] = dataclasses.field(default_factory=list)
    time: str = ""  # "14:05" in the viewer's timezone
    stamp: str = ""  # full date, time and zone (tooltip)
    day_key: str = ""  # local date, e.g. "2026-11-21"
    day: str = ""  # "Today", "Yesterday", "Monday 2 November"
    new_day: bool = False  # first message of its day: show the separator
    body: str = ""  # the stored text (what the edit box starts with)
    edited: bool = False
    deleted: bool = False
    changeable: bool = False  # mine and still within the edit window when shown (the server re-checks)
    call: bool = False  # a call's line ("Missed video call"): shown centred, never editable
    file_url: str = ""  # a file sent with the message (members-only URL), its name, image | file, and size
    file_name: str = ""
    file_kind: str = ""
    file_size: str = ""


@dataclasses.dataclass
class ConversationItem:
    peer_id: int = 0
    conversation_id: int = 0  # 0: a new collaborator, no conversation yet
    name: str = ""
    initials: str = ""
    avatar: str = ""
    preview: str = ""
    time: str = ""
    unread: int = 0
    online: bool = False
    href: str = ""


def chat_line(row: MessageRow, *, me: int, tz: str, today: dt.date, now: dt.datetime | None = None) -> ChatLine:
    local = to_local(row.created_at, tz)
    deleted = row.deleted_at is not None
    has_file = bool(row.attachment_id) and not deleted
    only_name = has_file and row.body == row.attachment_name  # no caption: the file card says it all
    return ChatLine(
        id=row.id,
        mine=row.sender_id == me,
        parts=[] if deleted or only_name else [LinkPart(r.text, r.href, r.kind, r.lang) for r in runs(row.body)],
        file_url=routes.attachment_url(row.attachment_id, row.attachment_name) if has_file else "",
        file_name=row.attachment_name if has_file else "",
        file_kind=row.attachment_kind if has_file else "",
        file_size=size_phrase(row.attachment_size) if has_file else "",
        body=row.body,
        edited=row.edited_at is not None and not deleted,
        deleted=deleted,
        changeable=row.sender_id == me and not deleted and not row.call and now is not None and can_change(row.created_at, now),
        call=row.call,
        time=f"{local:%H:%M}",
        stamp=format_local(row.created_at, tz),
        day_key=local.date().isoformat(),
        day=day_label(local.date(), today),
    )


def merge_lines(current: Iterable[ChatLine], new: Iterable[ChatLine]) -> list[ChatLine]:
    """Union by message id (a message pushed twice, or loaded and pushed, shows once), oldest first,
    with day separators recomputed. Appending newer lines (the common case) touches only those."""
    current = list(current)
    fresh = sorted(new, key=lambda line: line.id)
    if not fresh:
        return current
    if appends(current, fresh):
        _mark_days(fresh, current[-1].day_key)
        return [*current, *fresh]
    by_id = {line.id: line for line in current}
    by_id.update((line.id, line) for line in fresh)
    lines = [by_id[i] for i in sorted(by_id)]
    _mark_days(lines, None)
    return lines


def appends(current: list[ChatLine], fresh: list[ChatLine]) -> bool:
    """`fresh` (sorted) only adds lines after the newest one shown."""
    return bool(current) and fresh[0].id > current[-1].id and len({line.id for line in fresh}) == len(fresh)


def append_lines(current: list[ChatLine], fresh: list[ChatLine]) -> None:
    """Append in place (a state list grows without being re-validated); `appends` must hold."""
    _mark_days(fresh, current[-1].day_key)
    current.extend(fresh)


def _mark_days(lines: list[ChatLine], previous: str | None) -> None:
    for line in lines:
        starts_day = line.day_key != previous
        if line.new_day != starts_day:  # lines already in the state are proxies: write only changes
            line.new_day = starts_day
        previous = line.day_key


def local_today(now: dt.datetime, tz: str) -> dt.date:
    return to_local(now, tz).date()


def last_message_texts(last: MessageRow | None, *, me: int, tz: str, today: dt.date) -> tuple[str, str]:
    """The preview line and time label of a conversation."""
    if last is None:
        return "New collaborator: say hello", ""
    text = ("You: " if last.sender_id == me else "") + ("Message deleted" if last.deleted_at else preview(last.body))
    return text, list_time_label(to_local(last.created_at, tz), today)


def conversation_item(conv: ConversationSummary, *, me: int, tz: str, today: dt.date, online: set[int]) -> ConversationItem:
    text, when = last_message_texts(conv.last, me=me, tz=tz, today=today)
    return ConversationItem(
        peer_id=conv.peer.id,
        conversation_id=conv.conversation_id,
        name=conv.peer.name,
        initials=conv.peer.initials,
        avatar=conv.peer.avatar_url,
        preview=text,
        time=when,
        unread=conv.unread,
        online=conv.peer.id in online,
        href=routes.thread_url(conv.peer.id),
    )
