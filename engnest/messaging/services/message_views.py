"""Reading direct messages: threads, conversation lists, unread counts, and who may message whom.

Everything returned is a plain frozen dataclass (no ORM rows leave a session).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.messaging.domain.messages import PAGE_SIZE, initials
from engnest.messaging.models import DirectMessage
from engnest.network.models import Block, Collaboration
from engnest.network.services.relations import blocked_ids, collaborator_ids
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.models import Profile

NOT_COLLABORATORS = "You can message someone once a meeting between you has been accepted."
BLOCKED = "You can no longer message this person."
SELF = "You cannot message yourself."


@dataclass(frozen=True)
class MessageRow:
    id: int
    sender_id: int
    recipient_id: int
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None


@dataclass(frozen=True)
class Peer:
    id: int
    name: str
    initials: str
    avatar_url: str


@dataclass(frozen=True)
class Conversation:
    peer: Peer
    last: MessageRow | None
    unread: int
    since: dt.datetime


@dataclass(frozen=True)
class ThreadPage:
    messages: list[MessageRow]  # oldest first
    has_older: bool


def refusal(*, session: Session, me: int, peer: int) -> str | None:
    """Why `me` may not read or write the thread with `peer` (None: allowed). One query.

    A deleted account has no collaboration rows left (ON DELETE CASCADE), so it reads like a
    non-collaborator and ids cannot be probed.
    """
    if me == peer:
        return SELF
    low, high = (me, peer) if me < peer else (peer, me)
    collaborators = select(Collaboration.id).where(Collaboration.user_low_id == low, Collaboration.user_high_id == high).exists()
    blocked = select(Block.id).where(
        sa.or_(
            sa.and_(Block.blocker_id == me, Block.blocked_id == peer),
            sa.and_(Block.blocker_id == peer, Block.blocked_id == me),
        )
    ).exists()
    are_collaborators, is_blocked = session.exec(select(collaborators, blocked)).one()
    if not are_collaborators:
        return NOT_COLLABORATORS
    if is_blocked:
        return BLOCKED
    return None


def allowed_peers(*, session: Session, user_id: int) -> set[int]:
    """Everyone `user_id` may message: collaborators, minus blocks either way."""
    return collaborator_ids(session=session, user_id=user_id) - blocked_ids(session=session, user_id=user_id)


def as_row(m: DirectMessage) -> MessageRow:
    return MessageRow(
        id=m.id,
        sender_id=m.sender_id,
        recipient_id=m.recipient_id,
        body=m.body,
        created_at=ensure_aware_utc(m.created_at),
        read_at=ensure_aware_utc(m.read_at) if m.read_at else None,
    )


def _between(a: int, b: int) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(DirectMessage.sender_id == a, DirectMessage.recipient_id == b),
        sa.and_(DirectMessage.sender_id == b, DirectMessage.recipient_id == a),
    )


def thread_page(
    *, session: Session, me: int, peer: int, before_id: int | None = None, limit: int = PAGE_SIZE
) -> ThreadPage:
    """The newest `limit` messages (older than `before_id` if given), oldest first. No permission check."""
    query = select(DirectMessage).where(_between(me, peer))
    if before_id is not None:
        query = query.where(DirectMessage.id < before_id)
    rows = session.exec(query.order_by(DirectMessage.id.desc()).limit(limit + 1)).all()
    return ThreadPage([as_row(m) for m in reversed(rows[:limit])], has_older=len(rows) > limit)


def thread_since(*, session: Session, me: int, peer: int, after_id: int, limit: int = 500) -> list[MessageRow]:
    """Messages newer than `after_id`, oldest first (what a tab missed)."""
    rows = session.exec(
        select(DirectMessage)
        .where(_between(me, peer), DirectMessage.id > after_id)
        .order_by(DirectMessage.id)
        .limit(limit)
    ).all()
    return [as_row(m) for m in rows]


def last_seen_by_peer(*, session: Session, me: int, peer: int) -> MessageRow | None:
    """My newest message that `peer` has read (where the 'Seen' receipt goes)."""
    row = session.exec(
        select(DirectMessage)
        .where(DirectMessage.sender_id == me, DirectMessage.recipient_id == peer, DirectMessage.read_at.is_not(None))
        .order_by(DirectMessage.id.desc())
        .limit(1)
    ).first()
    return as_row(row) if row else None


def peers(*, session: Session, ids: set[int] | list[int]) -> dict[int, Peer]:
    """Display cards for collaborators (names are visible to collaborators)."""
    ids = list(ids)
    if not ids:
        return {}
    out = {}
    for p in session.exec(select(Profile).where(Profile.user_id.in_(ids))).all():
        name = f"{p.first_name} {p.last_name}".strip() or "EngNest member"
        avatar = routes.avatar_url(p.user_id, p.avatar_file.split(".")[0][:8]) if p.avatar_file else ""
        out[p.user_id] = Peer(p.user_id, name, initials(name), avatar)
    for uid in ids:
        out.setdefault(uid, Peer(uid, "EngNest member", "EM", ""))
    return out


def _unread_by_sender(session: Session, me: int, senders: set[int]) -> dict[int, int]:
    if not senders:
        return {}
    rows = session.exec(
        select(DirectMessage.sender_id, sa.func.count())
        .where(DirectMessage.recipient_id == me, DirectMessage.read_at.is_(None), DirectMessage.sender_id.in_(senders))
        .group_by(DirectMessage.sender_id)
    ).all()
    return {sender: int(n) for sender, n in rows}


def unread_total(*, session: Session, user_id: int) -> int:
    """Unread messages from people the user may still message (the nav badge). One query."""
    collaborators = sa.union_all(
        select(Collaboration.user_high_id).where(Collaboration.user_low_id == user_id),
        select(Collaboration.user_low_id).where(Collaboration.user_high_id == user_id),
    )
    blocked = sa.union_all(
        select(Block.blocked_id).where(Block.blocker_id == user_id),
        select(Block.blocker_id).where(Block.blocked_id == user_id),
    )
    return session.exec(
        select(sa.func.count())
        .select_from(DirectMessage)
        .where(
            DirectMessage.recipient_id == user_id,
            DirectMessage.read_at.is_(None),
            DirectMessage.sender_id.in_(collaborators),
            DirectMessage.sender_id.not_in(blocked),
        )
    ).one()


def unread_from(*, session: Session, me: int, peer: int) -> int:
    return _unread_by_sender(session, me, {peer}).get(peer, 0)


def list_conversations(*, session: Session, user_id: int) -> list[Conversation]:
    """One entry per collaborator I may message: newest conversation first, then new collaborators."""
    allowed = allowed_peers(session=session, user_id=user_id)
    if not allowed:
        return []
    other = sa.case((DirectMessage.sender_id == user_id, DirectMessage.recipient_id), else_=DirectMessage.sender_id)
    last_ids = session.exec(
        select(sa.func.max(DirectMessage.id))
        .where(sa.or_(DirectMessage.sender_id == user_id, DirectMessage.recipient_id == user_id))
        .group_by(other)
    ).all()
    last_by_peer: dict[int, MessageRow] = {}
    if last_ids:
        for m in session.exec(select(DirectMessage).where(DirectMessage.id.in_(last_ids))).all():
            peer = m.recipient_id if m.sender_id == user_id else m.sender_id
            if peer in allowed:
                last_by_peer[peer] = as_row(m)
    since = {
        (high if low == user_id else low): ensure_aware_utc(created)
        for low, high, created in session.exec(
            select(Collaboration.user_low_id, Collaboration.user_high_id, Collaboration.created_at).where(
                sa.or_(Collaboration.user_low_id == user_id, Collaboration.user_high_id == user_id)
            )
        ).all()
    }
    unread = _unread_by_sender(session, user_id, allowed)
    cards = peers(session=session, ids=allowed)
    conversations = [
        Conversation(cards[p], last_by_peer.get(p), unread.get(p, 0), since.get(p, dt.datetime.min.replace(tzinfo=dt.timezone.utc)))
        for p in allowed
    ]
    conversations.sort(key=lambda c: (c.last is not None, c.last.created_at if c.last else c.since, c.peer.id), reverse=True)
    return conversations


def check_thread_page(*, session: Session, me: int, peer: int, before_id: int | None = None) -> ThreadPage:
    """`thread_page` for a caller, refused (ValidationFailed on "form") unless they may message."""
    reason = refusal(session=session, me=me, peer=peer)
    if reason:
        raise ValidationFailed(form=reason)
    return thread_page(session=session, me=me, peer=peer, before_id=before_id)


def check_thread_since(*, session: Session, me: int, peer: int, after_id: int) -> list[MessageRow]:
    reason = refusal(session=session, me=me, peer=peer)
    if reason:
        raise ValidationFailed(form=reason)
    return thread_since(session=session, me=me, peer=peer, after_id=after_id)


def last_and_unread(*, session: Session, me: int, peer: int) -> tuple[MessageRow | None, int]:
    """What one conversation-list entry needs after a push about it: the last message and my unread count."""
    last = session.exec(select(DirectMessage).where(_between(me, peer)).order_by(DirectMessage.id.desc()).limit(1)).first()
    return (as_row(last) if last else None), unread_from(session=session, me=me, peer=peer)
