"""Room chat on the conversation storage of direct messages: the same messages table, the same idempotent
store (one row per sender and key), the same read positions and unread counts. Pushes go on topic "room" and
carry ids only (room, message): a tab reloads what it shows from the database, names included, through
`shown_names`, so nothing in a push or a delta says more than the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain.permissions import MODERATOR, OWNER, Action
from engnest.community.models import Room, RoomInvite, RoomMember
from engnest.community.services import moderation_gate
from engnest.community.services.mentions import do_notify_mentions
from engnest.community.services.pseudonyms import ShownName, shown_names
from engnest.community.services.rooms import TOPIC, Membership, member_ids, require
from engnest.messaging.domain.messages import check_client_key, clean_body
from engnest.messaging.services import message_views, messages
from engnest.messaging.services.message_rows import MessageRow
from engnest.network.services.relations import blocked_ids
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings

MUTED = "A moderator muted you in this room until {until:%d %b %H:%M} UTC."


@dataclass(frozen=True)
class RoomLine:
    id: int
    sender_id: int
    sender: str
    met: bool
    body: str
    created_at: dt.datetime


@dataclass(frozen=True)
class RoomPage:
    lines: list[RoomLine]  # oldest first
    has_older: bool
    unread: int


def _lines(session: Session, viewer_id: int, rows: list[MessageRow]) -> list[RoomLine]:
    """The rows as this viewer sees them: names by `shown_names`; messages of people blocked either way left out
    (blocked people never see each other's words)."""
    hidden = blocked_ids(session=session, user_id=viewer_id)
    rows = [r for r in rows if r.sender_id not in hidden]
    names: dict[int, ShownName] = shown_names(session=session, viewer_id=viewer_id, user_ids={r.sender_id for r in rows})
    return [RoomLine(r.id, r.sender_id, names[r.sender_id].name, names[r.sender_id].met, r.body, r.created_at) for r in rows]


# --- Sending ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendRoomMessage:
    member: Membership
    body: str
    client_key: str
    stored: MessageRow | None = None


def check_send(*, session: Session, sender_id: int, room_id: object, body: object, client_key: object, now: dt.datetime) -> SendRoomMessage:
    """A member who is not muted, a message text, and the room's rate limit (one atomic step in the limiter, so
    parallel sends cannot all pass). A repeated key gives a request that stores and counts nothing again."""
    key = check_client_key(client_key)
    member = require(session=session, room_id=room_id, user_id=sender_id, action=Action.POST)
    stored = messages.stored_for_key(session=session, sender_id=sender_id, conversation_id=member.conversation_id, client_key=key)
    if stored is not None:
        return SendRoomMessage(member, stored.body, key, stored)
    if member.muted_until is not None and ensure_aware_utc(member.muted_until) > now:
        raise ValidationFailed(body=MUTED.format(until=ensure_aware_utc(member.muted_until)))
    text = clean_body(body)
    moderation_gate.check_may_write(session=session, user_id=sender_id, kind="room_message", now=now, field="body", exempt=member.role in (OWNER, MODERATOR))
    throttle.take(get_settings().room_rate_limit, "room-send", str(sender_id), field="body", what="messages in rooms")
    return SendRoomMessage(member, text, key)


def do_send(*, session: Session, request: SendRoomMessage, now: dt.datetime) -> MessageRow:
    """Store once per key; a replayed key stores nothing again but re-announces the stored message (the first
    attempt may have died between its commit and its push)."""
    m = request.member
    if request.stored is not None:
        row = request.stored
    else:
        sent = messages.store_once(
            session=session, conversation_id=m.conversation_id, sender_id=m.user_id, body=request.body, client_key=request.client_key, now=now
        )
        row = sent.message
        if sent.created:
            session.execute(sa.update(Room).where(col(Room.id) == m.room_id).values(last_activity_at=now))
            do_notify_mentions(session=session, author_id=m.user_id, text=request.body, room_id=m.room_id, message_id=row.id, now=now)
    if row.deleted_at is None:
        events.push_after_commit(session, member_ids(session=session, room_id=m.room_id), TOPIC, {"room": m.room_id, "kind": "message", "id": row.id})
    return row


# --- Reading ---------------------------------------------------------------------------------------------------


def read_page(*, session: Session, viewer_id: int, room_id: object, before_id: int | None = None) -> RoomPage:
    """The newest messages (members only), with the names this viewer may see, and the viewer's unread count."""
    m = require(session=session, room_id=room_id, user_id=viewer_id, action=Action.READ)
    page = message_views.thread_page(session=session, conversation_id=m.conversation_id, before_id=before_id)
    unread = message_views.unread_counts(session=session, me=viewer_id, conversation_ids=[m.conversation_id]).get(m.conversation_id, 0)
    return RoomPage(_lines(session, viewer_id, page.messages), page.has_older, unread)


def read_since(*, session: Session, viewer_id: int, room_id: object, after_id: int) -> list[RoomLine]:
    m = require(session=session, room_id=room_id, user_id=viewer_id, action=Action.READ)
    return _lines(session, viewer_id, message_views.thread_since(session=session, conversation_id=m.conversation_id, after_id=after_id))


def do_mark_read(*, session: Session, reader_id: int, room_id: object, now: dt.datetime, up_to_id: int | None = None) -> int:
    """Move the reader's read position (forwards only: the direct messages' own update); their other tabs are told."""
    m = require(session=session, room_id=room_id, user_id=reader_id, action=Action.READ)
    changed = messages.do_mark_read(session=session, request=messages.MarkRead(reader_id, m.conversation_id, ()), now=now, up_to_id=up_to_id)
    if changed:
        events.push_after_commit(session, [reader_id], TOPIC, {"room": m.room_id, "kind": "read"})
    return changed


def unread_by_room(*, session: Session, user_id: int) -> dict[int, int]:
    """My unread messages per room I am in (one grouped range per conversation)."""
    rooms: dict[int, int] = {
        conversation_id: room_id or 0
        for conversation_id, room_id in session.exec(
            select(col(Room.conversation_id), col(Room.id)).join(RoomMember, col(RoomMember.room_id) == col(Room.id)).where(col(RoomMember.user_id) == user_id)
        ).all()
    }
    counts = message_views.unread_counts(session=session, me=user_id, conversation_ids=list(rooms))
    return {rooms[c]: n for c, n in counts.items()}


@dataclass(frozen=True)
class MemberLine:
    user_id: int
    name: str
    met: bool
    role: str
    muted_until: dt.datetime | None


def members(*, session: Session, viewer_id: int, room_id: object, limit: int = 200) -> list[MemberLine]:
    """The room's members as the viewer may see them (owners and moderators first), members only."""
    m = require(session=session, room_id=room_id, user_id=viewer_id, action=Action.READ)
    rows = session.exec(
        select(col(RoomMember.user_id), col(RoomMember.role), col(RoomMember.muted_until)).where(col(RoomMember.room_id) == m.room_id).order_by(col(RoomMember.id)).limit(limit)
    ).all()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={u for u, _, _ in rows})
    order = {"owner": 0, "moderator": 1}
    lines = [MemberLine(u, names[u].name, names[u].met, role, ensure_aware_utc(muted) if muted else None) for u, role, muted in rows]
    return sorted(lines, key=lambda line: (order.get(line.role, 2), line.name.casefold()))


TYPING_LIMIT = "30/minute"


def signal_typing(*, session: Session, sender_id: int, room_id: object) -> bool:
    """Tell the other members' open tabs that a member is typing (not stored; members who may post only)."""
    try:
        m = require(session=session, room_id=room_id, user_id=sender_id, action=Action.POST)
    except ValidationFailed:
        return False
    if not throttle.hit(TYPING_LIMIT, "room-typing", str(sender_id)):
        return False
    others = tuple(u for u in member_ids(session=session, room_id=m.room_id) if u != sender_id)
    events.dispatch(events.Push(others, TOPIC, {"room": m.room_id, "kind": "typing", "from": sender_id}))
    return True


def join_requests(*, session: Session, viewer_id: int, room_id: object) -> list[MemberLine]:
    """People asking to join a private room, for its moderators and owners (as they may see them)."""
    m = require(session=session, room_id=room_id, user_id=viewer_id, action=Action.APPROVE_REQUEST)
    asking = session.exec(
        select(col(RoomInvite.user_id)).where(col(RoomInvite.room_id) == m.room_id, col(RoomInvite.kind) == "request").order_by(col(RoomInvite.id)).limit(100)
    ).all()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids=set(asking))
    return [MemberLine(u, names[u].name, names[u].met, "", None) for u in asking]


def unread_total(*, session: Session, user_id: int) -> int:
    """Unread room messages over every room I am in (the Rooms badge)."""
    return sum(unread_by_room(session=session, user_id=user_id).values())
