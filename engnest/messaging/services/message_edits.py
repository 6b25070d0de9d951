"""Changing sent messages and searching a conversation (issue 18).

Edit and delete: the sender, a member who may still write the conversation, within the edit window
(`domain.messages.can_change`, `now` passed in). Both are idempotent (the same text again, or deleting a
deleted message, writes and pushes nothing) and push {"kind": "changed"} to every member after the caller
commits, so open threads re-read that one row ("edited" mark, "message deleted" placeholder). A deleted
message keeps its row (ids, read positions and receipts stay valid) with its body emptied.

Search: members only, newest first, paginated by id. Matching is a case-insensitive LIKE over the
conversation's messages, walking ix_message_conversation (conversation_id, id) newest first, so it reads
one conversation's range, never the whole table; there is no full-text index (on PostgreSQL pg_trgm or
tsvector would be the next step if conversations grow to many thousands of messages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.messaging.domain.messages import change_refusal, clean_body
from engnest.messaging.models import Message
from engnest.messaging.services import attachment_files
from engnest.messaging.services.message_rows import CALL_KEY_PREFIX, MessageRow, as_row, attach
from engnest.messaging.services.message_views import NOT_MEMBER, access
from engnest.messaging.services.messages import SUBJECT
from engnest.notifications.models import Notification
from engnest.platform import events
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

TOPIC = "dm"
SEARCH_PAGE = 20
MAX_QUERY = 100
CALL_LINE = "A call's line in the conversation cannot be changed."


@dataclass(frozen=True)
class ChangeMessage:
    message_id: int
    conversation_id: int
    member_ids: tuple[int, ...]
    body: str | None  # None: delete
    unchanged: bool  # the same text again: nothing to write


def _mine_to_change(session: Session, editor_id: int, message_id: object, now: dt.datetime) -> tuple[Message, tuple[int, ...]]:
    message = session.get(Message, message_id) if isinstance(message_id, int) and not isinstance(message_id, bool) else None
    if message is None:
        raise ValidationFailed(form=NOT_MEMBER)  # the same as another conversation's message: ids cannot be probed
    grant = access(session=session, me=editor_id, conversation_id=message.conversation_id)
    if message.client_key.startswith(CALL_KEY_PREFIX):
        raise ValidationFailed(form=CALL_LINE)
    reason = change_refusal(
        sender_id=message.sender_id, editor_id=editor_id, sent_at=ensure_aware_utc(message.created_at),
        deleted=message.deleted_at is not None, now=now,
    )
    if reason:
        raise ValidationFailed(form=reason)
    return message, grant.member_ids


def check_edit_message(*, session: Session, editor_id: int, message_id: object, body: object, now: dt.datetime) -> ChangeMessage:
    """The editor's own message, in a conversation they may write, within the window, with valid new text."""
    message, members = _mine_to_change(session, editor_id, message_id, now)
    text = clean_body(body)
    assert message.id is not None
    return ChangeMessage(message.id, message.conversation_id, members, text, unchanged=text == message.body)


def check_delete_message(*, session: Session, editor_id: int, message_id: object, now: dt.datetime) -> ChangeMessage:
    """As for an edit; deleting a message that is already deleted is allowed and changes nothing."""
    found = session.get(Message, message_id) if isinstance(message_id, int) and not isinstance(message_id, bool) else None
    if found is not None and found.deleted_at is not None and found.sender_id == editor_id:
        grant = access(session=session, me=editor_id, conversation_id=found.conversation_id)
        assert found.id is not None
        return ChangeMessage(found.id, found.conversation_id, grant.member_ids, None, unchanged=True)
    message, members = _mine_to_change(session, editor_id, message_id, now)
    assert message.id is not None
    return ChangeMessage(message.id, message.conversation_id, members, None, unchanged=False)


def do_change_message(*, session: Session, request: ChangeMessage, now: dt.datetime) -> MessageRow:
    """Write the edit or delete (once) and push "changed" to every member after the commit."""
    message = session.get(Message, request.message_id)
    assert message is not None
    if not request.unchanged:
        if request.body is None:
            message.body, message.deleted_at = "", now
            # Its "new message" notification quotes the text: it goes too (as an account's do when it is deleted).
            session.execute(sa.delete(Notification).where(col(Notification.subject_type) == SUBJECT, col(Notification.subject_id) == message.id))
            attachment_files.remove_for_message(session, request.message_id)  # and its file, if it had one
        else:
            message.body, message.edited_at = request.body, now
        session.add(message)
        session.flush()
        payload = {"kind": "changed", "id": request.message_id, "conversation": request.conversation_id}
        events.push_after_commit(session, list(request.member_ids), TOPIC, payload)
    return as_row(message)


def edit_message(*, session: Session, editor_id: int, message_id: object, body: object, now: dt.datetime) -> MessageRow:
    request = check_edit_message(session=session, editor_id=editor_id, message_id=message_id, body=body, now=now)
    return do_change_message(session=session, request=request, now=now)


def delete_message(*, session: Session, editor_id: int, message_id: object, now: dt.datetime) -> MessageRow:
    request = check_delete_message(session=session, editor_id=editor_id, message_id=message_id, now=now)
    return do_change_message(session=session, request=request, now=now)


def check_message_row(*, session: Session, me: int, conversation_id: int, message_id: int) -> MessageRow | None:
    """One message of a conversation the caller may read (None: not in it), for a thread to re-read after a push."""
    access(session=session, me=me, conversation_id=conversation_id)
    message = session.get(Message, message_id)
    if message is None or message.conversation_id != conversation_id:
        return None
    return attach(session, [as_row(message)])[0]


# --- Search ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPage:
    rows: list[MessageRow]  # newest first
    has_more: bool  # older matches: ask again with before_id = the last row's id


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_messages(
    *, session: Session, me: int, conversation_id: int, query: object, before_id: int | None = None, limit: int = SEARCH_PAGE
) -> SearchPage:
    """Messages of the conversation containing `query` (case-insensitive), newest first. Members only."""
    access(session=session, me=me, conversation_id=conversation_id)
    text = " ".join(query.split()) if isinstance(query, str) else ""
    if not text:
        raise ValidationFailed(query="Type something to search for.")
    if len(text) > MAX_QUERY:
        raise ValidationFailed(query=f"Search for at most {MAX_QUERY} characters.")
    where = [
        Message.conversation_id == conversation_id,
        Message.deleted_at.is_(None),  # type: ignore[union-attr]
        sa.func.lower(Message.body).like(_like_pattern(text.lower()), escape="\\"),
    ]
    if before_id is not None:
        where.append(col(Message.id) < before_id)
    rows = session.exec(select(Message).where(*where).order_by(col(Message.conversation_id).desc(), col(Message.id).desc()).limit(limit + 1)).all()
    return SearchPage([as_row(m) for m in rows[:limit]], has_more=len(rows) > limit)
