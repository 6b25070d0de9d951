"""Writing direct messages: send (idempotent, rate limited, committed before it is pushed), mark
read, and the typing signal. Every change pushes topic "dm" to the open tabs of both people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.services import email_verification
from engnest.messaging.domain.messages import check_client_key, clean_body, preview
from engnest.messaging.models import DirectMessage
from engnest.messaging.services.message_views import (
    MessageRow,
    Peer,
    ThreadPage,
    as_row,
    last_seen_by_peer,
    peers,
    refusal,
    thread_page,
)
from engnest.network.services.relations import collaborator_ids
from engnest.notifications.models import Notification
from engnest.notifications.services import notification_centre
from engnest.notifications.services.notifications import do_notify
from engnest.platform import events, routes, throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

TOPIC = "dm"
TYPING_LIMIT = "30/minute"


@dataclass(frozen=True)
class Sent:
    message: MessageRow
    created: bool  # False: this key was already stored (a double submit or a retry)


def _by_key(session: Session, sender_id: int, key: str) -> DirectMessage | None:
    return session.exec(
        select(DirectMessage).where(DirectMessage.sender_id == sender_id, DirectMessage.client_key == key)
    ).first()


def _replay(existing: DirectMessage, recipient_id: int) -> Sent:
    if existing.recipient_id != recipient_id:  # a key is for one message, in one thread
        raise ValidationFailed(form="Your message could not be sent. Reload the page and try again.")
    return Sent(as_row(existing), created=False)


def check_send_message(
    *,
    session: Session,
    sender_id: int,
    recipient_id: int,
    body: object,
    client_key: object,
    now: dt.datetime,
    recipient_viewing: bool = False,
) -> Sent:
    """Store a message once per `client_key`, then (after commit) push it to both people's tabs.

    A repeated key returns the stored message without storing, notifying or counting it again.
    `recipient_viewing`: the recipient has this thread open, so no notification is made.
    """
    key = check_client_key(client_key)
    existing = _by_key(session, sender_id, key)
    if existing is not None:
        return _replay(existing, recipient_id)
    reason = refusal(session=session, me=sender_id, peer=recipient_id) or email_verification.verification_problem(
        session=session, user_id=sender_id
    )
    if reason:
        raise ValidationFailed(form=reason)
    text = clean_body(body)
    rule = get_settings().dm_rate_limit
    if not throttle.take_unless_rolled_back(session, rule, "dm-send", str(sender_id)):  # only a stored message counts
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "dm-send", str(sender_id)))
        raise ValidationFailed(body=f"You are sending messages too quickly. Wait {wait} and try again.")

    message = DirectMessage(sender_id=sender_id, recipient_id=recipient_id, body=text, client_key=key, created_at=now)
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except sa.exc.IntegrityError:  # the same key, sent concurrently, was stored first
        existing = _by_key(session, sender_id, key)
        if existing is None:
            raise
        return _replay(existing, recipient_id)

    if not recipient_viewing:
        sender = peers(session=session, ids=[sender_id])[sender_id]
        do_notify(
            session=session,
            user_id=recipient_id,
            kind="message",
            title=f"New message from {sender.name}",
            body=preview(text, 140),
            link=routes.thread_url(sender_id),
            actor_id=sender_id,
            dedupe_key=f"dm:{message.id}",
            subject_type="direct_message",
            subject_id=message.id,
            now=now,
        )
    # Two pushes, recipient first: each is delivered by its own task, so the recipient's tabs do not
    # wait behind the sender's tab (whose state is still busy with this very send).
    payload = {"kind": "message", "id": message.id, "from": sender_id, "to": recipient_id}
    events.push_after_commit(session, [recipient_id], TOPIC, payload)
    events.push_after_commit(session, [sender_id], TOPIC, payload)
    session.commit()
    return Sent(as_row(message), created=True)


def do_mark_read(*, session: Session, reader_id: int, peer_id: int, now: dt.datetime, up_to_id: int | None = None) -> int:
    """Mark `peer_id`'s messages to `reader_id` read (up to `up_to_id`); returns how many changed.

    Pushes to both: the peer's tabs show "Seen", the reader's other tabs update their unread counts.
    The thread's "new message" notifications are read too (and the reader's bell follows).
    """
    if refusal(session=session, me=reader_id, peer=peer_id):
        return 0
    stmt = sa.update(DirectMessage).where(
        DirectMessage.recipient_id == reader_id, DirectMessage.sender_id == peer_id, DirectMessage.read_at.is_(None)
    )
    if up_to_id is not None:
        stmt = stmt.where(DirectMessage.id <= up_to_id)
    changed = session.execute(stmt.values(read_at=now)).rowcount or 0
    if changed:
        payload = {"kind": "read", "reader": reader_id, "peer": peer_id}
        events.push_after_commit(session, [peer_id], TOPIC, payload)
        events.push_after_commit(session, [reader_id], TOPIC, payload)
    notification_centre.mark_thread_read(session=session, user_id=reader_id, peer_id=peer_id, now=now)
    session.commit()
    return changed


def signal_typing(*, session: Session, sender_id: int, recipient_id: int) -> bool:
    """Tell the recipient's open tabs that the sender is typing (not stored). Allowed pairs only."""
    if refusal(session=session, me=sender_id, peer=recipient_id):
        return False
    if not throttle.hit(TYPING_LIMIT, "dm-typing", str(sender_id)):
        return False
    events.dispatch(events.Push((recipient_id,), TOPIC, {"kind": "typing", "from": sender_id, "to": recipient_id}))
    return True


def do_forget_account(*, session: Session, user_id: int) -> None:
    """Part of deleting an account (the caller deletes the user and commits).

    The person's conversations go with the account (ON DELETE CASCADE, both sides); the message
    notifications they caused go too, since they quote those messages. Collaborators' open tabs are
    told, so a thread or list showing the person reloads (and finds it gone).
    """
    peers_to_tell = collaborator_ids(session=session, user_id=user_id)
    session.execute(sa.delete(Notification).where(Notification.actor_id == user_id, Notification.kind == "message"))
    events.push_after_commit(session, peers_to_tell, TOPIC, {"kind": "gone", "peer": user_id})


@dataclass(frozen=True)
class OpenedThread:
    refusal: str | None
    peer: Peer | None = None
    page: ThreadPage | None = None
    seen: MessageRow | None = None  # my newest message the peer has read


def do_open_thread(*, session: Session, me: int, peer: int, now: dt.datetime) -> OpenedThread:
    """Someone opened the thread with `peer`: everything unread in it is now read (and the peer's
    tabs are told, for "Seen"); returns what the page shows."""
    reason = refusal(session=session, me=me, peer=peer)
    if reason:
        return OpenedThread(reason)
    do_mark_read(session=session, reader_id=me, peer_id=peer, now=now)
    return OpenedThread(
        None,
        peers(session=session, ids=[peer])[peer],
        thread_page(session=session, me=me, peer=peer),
        last_seen_by_peer(session=session, me=me, peer=peer),
    )
