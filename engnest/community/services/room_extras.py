"""Replies and reactions on room messages. A reply is a room message that points at an earlier message of the same
room (stored with the message, one row); a reaction is one of a few emoji, one row per person and emoji, toggled.
Both are for members who may read the room, and both reach the other members' tabs as an id-only push.

Convention: `check_*` validate and write nothing, `do_*` write, nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from engnest.community.domain.permissions import Action
from engnest.community.models import MessageReaction, MessageReply
from engnest.community.services import room_chat
from engnest.community.services.pseudonyms import shown_names
from engnest.community.services.rooms import TOPIC, Membership, member_ids, require
from engnest.messaging.domain.messages import preview
from engnest.messaging.models import Message
from engnest.messaging.services.message_rows import MessageRow
from engnest.network.services.relations import blocked_ids
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed

REACTIONS = ("👍", "❤️", "😂", "🎉", "🤔", "👀")
REACT_LIMIT = "60/minute"
NO_MESSAGE = "That message is not in this room."


def _message_in(session: Session, member: Membership, message_id: object) -> int:
    if not isinstance(message_id, int) or isinstance(message_id, bool):
        raise ValidationFailed(form=NO_MESSAGE)
    found = session.exec(select(Message.id).where(
        col(Message.id) == message_id, col(Message.conversation_id) == member.conversation_id, col(Message.deleted_at).is_(None)
    )).first()
    if found is None:
        raise ValidationFailed(form=NO_MESSAGE)
    return found


# --- Replies ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    send: room_chat.SendRoomMessage
    reply_to_id: int


def check_reply(*, session: Session, sender_id: int, room_id: object, body: object, client_key: object, reply_to_id: object,
                now: dt.datetime) -> Reply:
    """A room message (every check of a send) that replies to a message of the same room."""
    send = room_chat.check_send(session=session, sender_id=sender_id, room_id=room_id, body=body, client_key=client_key, now=now)
    return Reply(send, _message_in(session, send.member, reply_to_id))


def do_reply(*, session: Session, request: Reply, now: dt.datetime) -> MessageRow:
    row = room_chat.do_send(session=session, request=request.send, now=now)
    if request.send.stored is None:
        session.add(MessageReply(message_id=row.id, reply_to_id=request.reply_to_id))
        session.flush()
        m = request.send.member  # tabs reload extras for a reply (and reactions), not for every plain message
        events.push_after_commit(session, member_ids(session=session, room_id=m.room_id), TOPIC, {"room": m.room_id, "kind": "reactions", "id": row.id})
    return row


# --- Reactions -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class React:
    member: Membership
    message_id: int
    emoji: str


def check_react(*, session: Session, user_id: int, room_id: object, message_id: object, emoji: object) -> React:
    if emoji not in REACTIONS:
        raise ValidationFailed(form="Choose one of the reactions offered.")
    member = require(session=session, room_id=room_id, user_id=user_id, action=Action.READ)
    message_id = _message_in(session, member, message_id)
    throttle.take(REACT_LIMIT, "room-react", str(user_id), field="form", what="reactions")
    return React(member, message_id, str(emoji))


def do_react(*, session: Session, request: React, now: dt.datetime) -> bool:
    """Add the reaction, or take it back if it was there; True when it is now on. Members' tabs are told."""
    m = request.member
    gone = session.exec(sa.delete(MessageReaction).where(
        col(MessageReaction.message_id) == request.message_id, col(MessageReaction.user_id) == m.user_id, col(MessageReaction.emoji) == request.emoji,
    )).rowcount
    if not gone:
        try:
            with session.begin_nested():
                session.add(MessageReaction(message_id=request.message_id, user_id=m.user_id, emoji=request.emoji, created_at=now))
                session.flush()
        except sa.exc.IntegrityError:  # a double click raced itself: it is on
            pass
    events.push_after_commit(session, member_ids(session=session, room_id=m.room_id), TOPIC,
                             {"room": m.room_id, "kind": "reactions", "id": request.message_id})
    return not gone


# --- Reading ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reaction:
    emoji: str
    count: int
    mine: bool


@dataclass(frozen=True)
class Quote:
    reply_to_id: int
    sender: str  # as the viewer sees them ('' when the message is gone or its sender blocked either way)
    text: str


@dataclass(frozen=True)
class Extras:
    reactions: dict[int, list[Reaction]]
    quotes: dict[int, Quote]


def extras(*, session: Session, viewer_id: int, room_id: object, message_ids: list[int]) -> Extras:
    """Reactions and reply quotes for a page of the room's messages (members only; ids of other rooms' messages
    are left out), in a fixed number of statements however many messages, reactions or replies."""
    member = require(session=session, room_id=room_id, user_id=viewer_id, action=Action.READ)
    wanted = [i for i in message_ids if isinstance(i, int) and not isinstance(i, bool)][:500]
    # cast: primary keys read back from the database are never None (Message.id is declared `int | None`).
    message_ids = cast("list[int]", list(session.exec(select(col(Message.id)).where(col(Message.id).in_(wanted), col(Message.conversation_id) == member.conversation_id)).all())) if wanted else []
    if not message_ids:
        return Extras({}, {})
    rows = session.exec(
        select(col(MessageReaction.message_id), col(MessageReaction.emoji), sa.func.count(), sa.func.max(sa.case((col(MessageReaction.user_id) == viewer_id, 1), else_=0)))
        .where(col(MessageReaction.message_id).in_(message_ids)).group_by(col(MessageReaction.message_id), col(MessageReaction.emoji))
    ).all()
    reactions: dict[int, list[Reaction]] = {}
    for mid, emoji, n, mine in sorted(rows, key=lambda r: (r[0], REACTIONS.index(r[1]) if r[1] in REACTIONS else 99)):
        reactions.setdefault(mid, []).append(Reaction(emoji, int(n), bool(mine)))
    # sqlmodel's select() is typed up to 4 columns; its Select class (what select() builds) takes any number
    # (column types as declared: the outer-joined message's are None when it is gone, which the loop checks).
    replies = session.exec(
        Select[int, int | None, int | None, str, dt.datetime | None](col(MessageReply.message_id), col(MessageReply.reply_to_id), col(Message.sender_id), col(Message.body), col(Message.deleted_at))
        .outerjoin(Message, col(Message.id) == col(MessageReply.reply_to_id)).where(col(MessageReply.message_id).in_(message_ids))
    ).all()
    hidden = blocked_ids(session=session, user_id=viewer_id) if replies else set()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={r[2] for r in replies if r[2] is not None and r[2] not in hidden})
    quotes = {}
    for mid, to_id, sender_id, body, deleted in replies:
        if to_id is None or sender_id is None or deleted is not None or sender_id in hidden:
            quotes[mid] = Quote(to_id or 0, "", "The message replied to is not available.")
        else:
            quotes[mid] = Quote(to_id, names[sender_id].name, preview(body, 120))
    return Extras(reactions, quotes)
