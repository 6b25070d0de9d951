"""What messaging's reads return: plain frozen dataclasses (no ORM rows leave a session), the row of a stored
message, and the fields a "message" push carries so an open tab merges it without reading the thread again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from engnest.messaging.models import Message, MessageAttachment
from engnest.platform.domain.timezones import ensure_aware_utc

CALL_KEY_PREFIX = "call:"  # a call's line is stored under the key "call:<call id>" (a typed message's key has no ":")


@dataclass(frozen=True)
class MessageRow:
    id: int
    conversation_id: int
    sender_id: int
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None = None  # on a receipt (`last_seen`): when the other member read up to it
    edited_at: dt.datetime | None = None
    deleted_at: dt.datetime | None = None  # deleted by its sender: the body is empty
    attachment_id: int = 0  # 0: no file (see models.attachment)
    attachment_name: str = ""
    attachment_kind: str = ""  # image | file
    attachment_size: int = 0
    call: bool = False  # a call's line ("Missed video call"), written by the server (call_lines), not typed


@dataclass(frozen=True)
class Peer:
    id: int
    name: str
    initials: str
    avatar_url: str


@dataclass(frozen=True)
class ConversationSummary:
    peer: Peer
    conversation_id: int  # 0: a new collaborator, no conversation yet
    last: MessageRow | None
    unread: int
    since: dt.datetime


@dataclass(frozen=True)
class ThreadPage:
    messages: list[MessageRow]  # oldest first
    has_older: bool


@dataclass(frozen=True)
class Access:
    """A caller who may read and write a conversation."""

    conversation_id: int
    member_ids: tuple[int, ...]  # the caller included
    peer_id: int | None  # the other person of a direct conversation

    def others(self, me: int) -> tuple[int, ...]:
        return tuple(u for u in self.member_ids if u != me)


def as_row(m: Message, attachment: MessageAttachment | None = None) -> MessageRow:
    assert m.id is not None
    row = MessageRow(
        id=m.id, conversation_id=m.conversation_id, sender_id=m.sender_id, body=m.body, created_at=ensure_aware_utc(m.created_at),
        edited_at=ensure_aware_utc(m.edited_at) if m.edited_at else None,
        deleted_at=ensure_aware_utc(m.deleted_at) if m.deleted_at else None,
        call=m.client_key.startswith(CALL_KEY_PREFIX),
    )
    return row if attachment is None or m.deleted_at else with_attachment(row, attachment)


def with_attachment(row: MessageRow, a: MessageAttachment) -> MessageRow:
    assert a.id is not None
    return dataclasses.replace(
        row, attachment_id=a.id, attachment_name=a.display_name, attachment_kind=a.kind, attachment_size=a.size_bytes
    )


def attach(session: Session, rows: list[MessageRow]) -> list[MessageRow]:
    """`rows` with their files (one query for the lot; none for a page without files is not knowable, so one)."""
    ids = [r.id for r in rows if r.deleted_at is None]
    if not ids:
        return rows
    found = {a.message_id: a for a in session.exec(select(MessageAttachment).where(col(MessageAttachment.message_id).in_(ids))).all()}
    return [with_attachment(r, found[r.id]) if r.id in found else r for r in rows]


def push_fields(row: MessageRow) -> dict[str, Any]:
    """The new message itself, carried by its "message" push (JSON: it may cross workers through Redis), so a
    tab that shows the conversation merges it without reading the thread again."""
    fields: dict[str, Any] = {"sender_id": row.sender_id, "body": row.body, "created_at": row.created_at.isoformat()}
    if row.call:
        fields["call"] = True
    if row.attachment_id:
        fields["attachment"] = [row.attachment_id, row.attachment_name, row.attachment_kind, row.attachment_size]
    return fields


def pushed_row(payload: dict[str, Any]) -> MessageRow | None:
    """The message a "message" push carries (None for an older push without it: the tab reads the database)."""
    try:
        row = MessageRow(
            id=int(payload["id"]), conversation_id=int(payload["conversation"]), sender_id=int(payload["sender_id"]),
            body=str(payload["body"]), created_at=ensure_aware_utc(dt.datetime.fromisoformat(payload["created_at"])),
            call=payload.get("call") is True,
        )
        if "attachment" in payload:
            a_id, name, kind, size = payload["attachment"]
            row = dataclasses.replace(row, attachment_id=int(a_id), attachment_name=str(name), attachment_kind=str(kind), attachment_size=int(size))
        return row
    except (KeyError, TypeError, ValueError):
        return None
