"""Writing conversations: open a direct conversation, send (idempotent, rate limited, pushed after the caller
commits) and mark read (files: attachments; the typing signal: typing_signal; an account's removal:
account_removal). Every change pushes topic "dm" to the members' open tabs.

The convention (README): `check_<verb>` validates and returns a frozen request, writing nothing (or raises
ValidationFailed); `do_<verb>` trusts its request and writes. Nothing here commits: the outermost caller does
(`platform.db.unit_of_work` / `in_session`), and the pushes go out after that commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.services import email_verification
from engnest.messaging.domain.messages import check_client_key, clean_body, direct_key, preview
from engnest.messaging.models import DIRECT, Conversation, ConversationMember, Message
from engnest.messaging.services.message_rows import MessageRow, Peer, ThreadPage, as_row, push_fields
from engnest.messaging.services.message_views import access, direct_conversation_id, last_seen, peers, refusal, thread_page
from engnest.notifications.services import notification_centre
from engnest.notifications.services.notifications import do_notify
from engnest.platform import events, routes, throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

TOPIC = "dm"
SUBJECT = "message"  # what message notifications are about (notifications.subject_type)
KEY_ELSEWHERE = "Your message could not be sent. Reload the page and try again."


# --- Opening a direct conversation ----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenDirect:
    me: int
    peer: int
    conversation_id: int | None  # None: never opened, `do_open_direct` makes it


def check_open_direct(*, session: Session, me: int, peer: int) -> OpenDirect:
    """`me` may talk to `peer` (collaborators, no block either way), or ValidationFailed on "form"."""
    reason = refusal(session=session, me=me, peer=peer)
    if reason:
        raise ValidationFailed(form=reason)
    return OpenDirect(me, peer, direct_conversation_id(session=session, a=me, b=peer))


def do_open_direct(*, session: Session, request: OpenDirect, now: dt.datetime) -> int:
    """The direct conversation of the two, made with both members the first time (once, even concurrently)."""
    if request.conversation_id is not None:
        return request.conversation_id
    try:
        with session.begin_nested():
            conversation = Conversation(kind=DIRECT, direct_key=direct_key(request.me, request.peer), created_at=now)
            session.add(conversation)
            session.flush()
            assert conversation.id is not None
            for user_id in (request.me, request.peer):
                session.add(ConversationMember(conversation_id=conversation.id, user_id=user_id, joined_at=now))
            session.flush()
            return conversation.id
    except sa.exc.IntegrityError:  # the other person opened it at the same moment
        found = direct_conversation_id(session=session, a=request.me, b=request.peer)
        if found is None:
            raise
        return found


# --- Sending -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    message: MessageRow
    created: bool  # False: this key was already stored (a double submit or a retry)


@dataclass(frozen=True)
class SendMessage:
    sender_id: int
    conversation_id: int
    recipient_ids: tuple[int, ...]
    body: str
    client_key: str
    notify: bool  # False: the recipient has this conversation open, no notification
    stored: MessageRow | None = None  # this key is stored already: nothing to write


def _by_key(session: Session, sender_id: int, key: str) -> Message | None:
    return session.exec(select(Message).where(Message.sender_id == sender_id, Message.client_key == key)).first()


def _replay(existing: Message, conversation_id: int) -> MessageRow:
    if existing.conversation_id != conversation_id:  # a key is for one message, in one conversation
        raise ValidationFailed(form=KEY_ELSEWHERE)
    return as_row(existing)


def check_send_message(
    *,
    session: Session,
    sender_id: int,
    conversation_id: int,
    body: object,
    client_key: object,
    recipient_viewing: bool = False,
) -> SendMessage:
    """Validate a message for a conversation (member, allowed, verified email, text, rate limit). A repeated key
    gives a request that stores, notifies and counts nothing again. `recipient_viewing`: the recipient has
    this conversation open, so no notification is made."""
    key = check_client_key(client_key)
    existing = _by_key(session, sender_id, key)
    if existing is not None:
        row = _replay(existing, conversation_id)
        return SendMessage(sender_id, conversation_id, _still_reachable(session, sender_id, conversation_id), row.body, key,
                           notify=False, stored=row)
    grant = access(session=session, me=sender_id, conversation_id=conversation_id)
    reason = email_verification.verification_problem(session=session, user_id=sender_id)
    if reason:
        raise ValidationFailed(form=reason)
    text = clean_body(body)
    rule = get_settings().dm_rate_limit
    if not throttle.take_unless_rolled_back(session, rule, "dm-send", str(sender_id)):  # only a stored message counts
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "dm-send", str(sender_id)))
        raise ValidationFailed(body=f"You are sending messages too quickly. Wait {wait} and try again.")
    return SendMessage(sender_id, conversation_id, grant.others(sender_id), text, key, notify=not recipient_viewing)


def _still_reachable(session: Session, sender_id: int, conversation_id: int) -> tuple[int, ...]:
    """Whom a replayed send re-announces to: the other members, while the sender may still write to them."""
    try:
        return access(session=session, me=sender_id, conversation_id=conversation_id).others(sender_id)
    except ValidationFailed:  # blocked or no longer collaborators since: the stored row is answered, nobody told
        return ()


def store_once(*, session: Session, conversation_id: int, sender_id: int, body: str, client_key: str, now: dt.datetime) -> Sent:
    """Store a message in a conversation once per (sender, key), even when the same key arrives concurrently
    (the storage that direct messages and rooms share; no check, no push)."""
    message = Message(conversation_id=conversation_id, sender_id=sender_id, body=body, client_key=client_key, created_at=now)
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except sa.exc.IntegrityError:  # the same key, sent concurrently, was stored first
        existing = _by_key(session, sender_id, client_key)
        if existing is None:
            raise
        return Sent(_replay(existing, conversation_id), created=False)
    return Sent(as_row(message), created=True)


def stored_for_key(*, session: Session, sender_id: int, conversation_id: int, client_key: str) -> MessageRow | None:
    """The message this key already stored (a double submit or a retry), or None; ValidationFailed if the key
    was used in another conversation."""
    existing = _by_key(session, sender_id, client_key)
    return None if existing is None else _replay(existing, conversation_id)


def do_send_message(*, session: Session, request: SendMessage, now: dt.datetime) -> Sent:
    """Store the message once per key, notify the recipients, and push it to every member after the commit.

    A replayed key (a retry after a drop, a double submit) stores and notifies nothing again but pushes the stored
    message again: the first attempt may have died between its commit and its push (tabs merge a push once)."""
    if request.stored is not None:
        _announce(session, request, request.stored)
        return Sent(request.stored, created=False)
    sent = store_once(
        session=session, conversation_id=request.conversation_id, sender_id=request.sender_id, body=request.body,
        client_key=request.client_key, now=now,
    )
    if not sent.created:  # the same key, stored a moment ago by a concurrent send: push the stored row again
        _announce(session, request, sent.message)
        return sent
    do_announce_message(session=session, request=request, message=sent.message, now=now)
    return sent


def do_announce_message(*, session: Session, request: SendMessage, message: MessageRow, now: dt.datetime) -> None:
    """A message was just stored: notify the recipients (unless they are watching) and push it, with its row,
    to every member after the commit (a file in it too: see attachments)."""
    if request.notify:
        sender = peers(session=session, ids=[request.sender_id])[request.sender_id]
        for user_id in request.recipient_ids:
            do_notify(
                session=session, user_id=user_id, kind="message", title=f"New message from {sender.name}",
                body=preview(request.body, 140), link=routes.thread_url(request.sender_id), actor_id=request.sender_id,
                dedupe_key=f"dm:{message.id}", subject_type=SUBJECT, subject_id=message.id, now=now,
            )
    _announce(session, request, message)


def _announce(session: Session, request: SendMessage, message: MessageRow) -> None:
    """Push the message to its recipients' and the sender's open tabs after the commit."""
    if message.deleted_at is not None:  # deleted since its first send: nothing to show again
        return
    # Recipients first, each push its own task, so their tabs do not wait behind the sender's tab (whose
    # state is still busy with this very send).
    to = request.recipient_ids[0] if len(request.recipient_ids) == 1 else None
    payload = {"kind": "message", "id": message.id, "conversation": request.conversation_id, "from": request.sender_id, "to": to,
               **push_fields(message)}
    events.push_after_commit(session, list(request.recipient_ids), TOPIC, payload)
    events.push_after_commit(session, [request.sender_id], TOPIC, payload)


# --- Reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkRead:
    reader_id: int
    conversation_id: int
    others: tuple[int, ...]


def check_mark_read(*, session: Session, reader_id: int, conversation_id: int) -> MarkRead:
    grant = access(session=session, me=reader_id, conversation_id=conversation_id)
    return MarkRead(reader_id, conversation_id, grant.others(reader_id))


def do_mark_read(*, session: Session, request: MarkRead, now: dt.datetime, up_to_id: int | None = None) -> int:
    """Move the reader's read position over the others' messages (up to `up_to_id`); returns how many became read.

    Pushes to every member: the others' tabs show "Seen", the reader's other tabs update their unread counts.
    The conversation's "new message" notifications are read too (and the reader's bell follows).
    """
    member = session.exec(
        select(ConversationMember).where(
            ConversationMember.conversation_id == request.conversation_id, ConversationMember.user_id == request.reader_id
        )
    ).one()
    unread = select(sa.func.count(), sa.func.max(Message.id)).where(
        Message.conversation_id == request.conversation_id,
        col(Message.id) > (member.last_read_message_id or 0),
        Message.sender_id != request.reader_id,
    )
    if up_to_id is not None:
        unread = unread.where(col(Message.id) <= up_to_id)
    count, newest = session.exec(unread).one()
    changed = 0
    if count:
        # Only forwards: a tab marking an older position at the same moment cannot move it back.
        # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
        changed = cast("sa.CursorResult[Any]", session.execute(
            sa.update(ConversationMember)
            .where(col(ConversationMember.id) == member.id, sa.func.coalesce(col(ConversationMember.last_read_message_id), 0) < newest)
            .values(last_read_message_id=newest, last_read_at=now)
        )).rowcount and int(count)
    if changed:
        assert newest is not None  # count > 0: the unread messages have a newest
        for peer in request.others:
            payload = {"kind": "read", "conversation": request.conversation_id, "reader": request.reader_id, "peer": peer,
                       "up_to": int(newest), "read_at": now.isoformat()}  # the new read position: tabs need not ask
            events.push_after_commit(session, [peer], TOPIC, payload)
            events.push_after_commit(session, [request.reader_id], TOPIC, payload)
    for peer in request.others:
        notification_centre.mark_thread_read(session=session, user_id=request.reader_id, peer_id=peer, now=now)
    return changed


@dataclass(frozen=True)
class OpenedThread:
    conversation_id: int
    peer: Peer
    page: ThreadPage
    seen: MessageRow | None = None  # my newest message the peer has read


def do_open_thread(*, session: Session, request: OpenDirect, now: dt.datetime) -> OpenedThread:
    """Someone opened the conversation with `peer` (made the first time): everything unread in it is now read
    (and the peer's tabs are told, for "Seen"); returns what the page shows."""
    conversation_id = do_open_direct(session=session, request=request, now=now)
    do_mark_read(session=session, request=MarkRead(request.me, conversation_id, (request.peer,)), now=now)
    return OpenedThread(
        conversation_id,
        peers(session=session, ids=[request.peer])[request.peer],
        thread_page(session=session, conversation_id=conversation_id),
        last_seen(session=session, me=request.me, conversation_id=conversation_id),
    )


# --- Plain verbs: check then do, in the caller's unit of work (pages, seed scripts and tests call these) -------------


def open_thread(*, session: Session, me: int, peer: int, now: dt.datetime) -> OpenedThread:
    return do_open_thread(session=session, request=check_open_direct(session=session, me=me, peer=peer), now=now)


def open_direct(*, session: Session, me: int, peer: int, now: dt.datetime) -> int:
    return do_open_direct(session=session, request=check_open_direct(session=session, me=me, peer=peer), now=now)


def send_message(
    *, session: Session, sender_id: int, conversation_id: int, body: object, client_key: object, now: dt.datetime,
    recipient_viewing: bool = False,
) -> Sent:
    request = check_send_message(
        session=session, sender_id=sender_id, conversation_id=conversation_id, body=body, client_key=client_key,
        recipient_viewing=recipient_viewing,
    )
    return do_send_message(session=session, request=request, now=now)


def mark_read(*, session: Session, reader_id: int, conversation_id: int, now: dt.datetime, up_to_id: int | None = None) -> int:
    request = check_mark_read(session=session, reader_id=reader_id, conversation_id=conversation_id)
    return do_mark_read(session=session, request=request, now=now, up_to_id=up_to_id)
