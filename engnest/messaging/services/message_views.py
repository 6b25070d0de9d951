"""Reading conversations: threads, the conversation list, unread counts, read receipts, and who may read or
write a conversation (its members; for a direct conversation, collaborators without a block).

Everything returned is a plain frozen dataclass of message_rows (no ORM rows leave a session).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from engnest.messaging.domain.messages import PAGE_SIZE, direct_key, initials
from engnest.messaging.models import DIRECT, Conversation, ConversationMember, Message
from engnest.messaging.services.message_rows import (
    Access,
    ConversationSummary,
    MessageRow,
    Peer,
    ThreadPage,
    as_row,
    attach,
)
from engnest.network.models import Block, Collaboration
from engnest.network.services import relations
from engnest.network.services.relations import blocked_ids, collaborator_ids
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.models import Profile

NOT_COLLABORATORS = "You can message someone once a meeting between you has been accepted."
BLOCKED = "You can no longer message this person."
SELF = "You cannot message yourself."
NOT_MEMBER = "This conversation is not available to you."  # the same for one that does not exist: ids cannot be probed


def refusal(*, session: Session, me: int, peer: int) -> str | None:
    """Why `me` may not read or write the direct conversation with `peer` (None: allowed). One query.

    A deleted account has no collaboration rows left (ON DELETE CASCADE), so it reads like a
    non-collaborator and ids cannot be probed.
    """
    reason = relations.contact_refusal(session=session, me=me, peer=peer)
    return {relations.SELF: SELF, relations.NOT_COLLABORATORS: NOT_COLLABORATORS, relations.BLOCKED: BLOCKED}.get(reason) if reason else None


def direct_conversation_id(*, session: Session, a: int, b: int) -> int | None:
    """The direct conversation between two people, if one was ever opened."""
    return session.exec(select(Conversation.id).where(Conversation.direct_key == direct_key(a, b))).first()


def access(*, session: Session, me: int, conversation_id: int) -> Access:
    """`me` may read and write the conversation, or ValidationFailed (on "form") says why not: not a member (or no
    such conversation), or, in a direct conversation, no longer collaborators or blocked either way."""
    rows = session.exec(
        select(Conversation.kind, ConversationMember.user_id)
        .join(ConversationMember, col(ConversationMember.conversation_id) == col(Conversation.id))
        .where(Conversation.id == conversation_id)
    ).all()
    member_ids = tuple(sorted(user_id for _, user_id in rows))
    if me not in member_ids:
        raise ValidationFailed(form=NOT_MEMBER)
    peer = None
    if rows[0][0] == DIRECT:
        peer = next((u for u in member_ids if u != me), me)
        reason = refusal(session=session, me=me, peer=peer)
        if reason:
            raise ValidationFailed(form=reason)
    return Access(conversation_id, member_ids, peer)


def allowed_peers(*, session: Session, user_id: int) -> set[int]:
    """Everyone `user_id` may message: collaborators, minus blocks either way."""
    return collaborator_ids(session=session, user_id=user_id) - blocked_ids(session=session, user_id=user_id)


def thread_page(
    *, session: Session, conversation_id: int, before_id: int | None = None, limit: int = PAGE_SIZE
) -> ThreadPage:
    """The newest `limit` messages (older than `before_id` if given), oldest first. No permission check."""
    query = select(Message).where(Message.conversation_id == conversation_id)
    if before_id is not None:
        query = query.where(col(Message.id) < before_id)
    rows = session.exec(query.order_by(col(Message.id).desc()).limit(limit + 1)).all()
    return ThreadPage(attach(session, [as_row(m) for m in reversed(rows[:limit])]), has_older=len(rows) > limit)


def thread_since(*, session: Session, conversation_id: int, after_id: int, limit: int = 500) -> list[MessageRow]:
    """Messages newer than `after_id`, oldest first (what a tab missed). No permission check."""
    rows = session.exec(
        select(Message).where(col(Message.conversation_id) == conversation_id, col(Message.id) > after_id).order_by(col(Message.id)).limit(limit)
    ).all()
    return attach(session, [as_row(m) for m in rows])


def last_seen(*, session: Session, me: int, conversation_id: int) -> MessageRow | None:
    """My newest message every other member has read (where the 'Seen' receipt goes), with when they read it."""
    positions = session.exec(
        select(ConversationMember.last_read_message_id, ConversationMember.last_read_at).where(
            ConversationMember.conversation_id == conversation_id, ConversationMember.user_id != me
        )
    ).all()
    if not positions or any(upto is None for upto, _ in positions):
        return None
    upto, read_at = min((p for p in positions), key=lambda p: p[0] or 0)
    row = session.exec(
        select(Message)
        .where(col(Message.conversation_id) == conversation_id, col(Message.sender_id) == me, col(Message.id) <= upto)
        .order_by(col(Message.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    seen = as_row(row)
    return MessageRow(**{**seen.__dict__, "read_at": ensure_aware_utc(read_at) if read_at else None})


def peers(*, session: Session, ids: set[int] | list[int]) -> dict[int, Peer]:
    """Display cards for collaborators (names are visible to collaborators)."""
    ids = list(ids)
    if not ids:
        return {}
    out = {}
    for p in session.exec(select(Profile).where(col(Profile.user_id).in_(ids))).all():
        name = f"{p.first_name} {p.last_name}".strip() or "EngNest member"
        avatar = routes.avatar_url(p.user_id, p.avatar_file.split(".")[0][:8]) if p.avatar_file else ""
        out[p.user_id] = Peer(p.user_id, name, initials(name), avatar)
    for uid in ids:
        out.setdefault(uid, Peer(uid, "EngNest member", "EM", ""))
    return out


def _unread_where(me: int, member: type[ConversationMember]) -> sa.ColumnElement[bool]:
    """Messages from others newer than my read position (the member row joined on the message's conversation)."""
    return sa.and_(
        col(member.conversation_id) == col(Message.conversation_id),
        col(member.user_id) == me,
        Message.id > sa.func.coalesce(member.last_read_message_id, 0),
        col(Message.sender_id) != me,
    )


def unread_counts(*, session: Session, me: int, conversation_ids: set[int] | list[int]) -> dict[int, int]:
    """My unread messages per conversation (a range after my read position on ix_message_conversation)."""
    if not conversation_ids:
        return {}
    rows = session.exec(
        select(Message.conversation_id, sa.func.count())
        .join(ConversationMember, _unread_where(me, ConversationMember))
        .where(col(Message.conversation_id).in_(list(conversation_ids)))
        .group_by(col(Message.conversation_id))
    ).all()
    return {conversation: int(n) for conversation, n in rows}


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
        .select_from(Message)
        .join(ConversationMember, _unread_where(user_id, ConversationMember))
        .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
        .where(
            Conversation.kind == DIRECT,  # in a conversation of two, the sender is the peer
            col(Message.sender_id).in_(collaborators),
            col(Message.sender_id).not_in(blocked),
        )
    ).one()


def _direct_by_peer(session: Session, me: int) -> dict[int, int]:
    """peer id -> the direct conversation with them, for my direct conversations."""
    mine, other = aliased(ConversationMember), aliased(ConversationMember)
    rows = session.exec(
        select(other.user_id, mine.conversation_id)
        .join(other, sa.and_(col(other.conversation_id) == mine.conversation_id, col(other.user_id) != me))
        .join(Conversation, sa.and_(col(Conversation.id) == mine.conversation_id, col(Conversation.kind) == DIRECT))
        .where(mine.user_id == me)
    ).all()
    return {peer: conversation for peer, conversation in rows}


def _last_messages(session: Session, conversation_ids: list[int]) -> dict[int, MessageRow]:
    if not conversation_ids:
        return {}
    # One index seek per conversation (the newest id of its range), not a scan of every message grouped.
    newest = select(sa.func.max(Message.id)).where(Message.conversation_id == Conversation.id).scalar_subquery()
    last_ids = [i for i in session.exec(select(newest).where(col(Conversation.id).in_(conversation_ids))).all() if i is not None]
    rows = session.exec(select(Message).where(col(Message.id).in_(last_ids))).all() if last_ids else []
    return {m.conversation_id: as_row(m) for m in rows}


def list_conversations(*, session: Session, user_id: int) -> list[ConversationSummary]:
    """One entry per collaborator I may message: newest conversation first, then new collaborators."""
    allowed = allowed_peers(session=session, user_id=user_id)
    if not allowed:
        return []
    by_peer = {peer: c for peer, c in _direct_by_peer(session, user_id).items() if peer in allowed}
    last = _last_messages(session, list(by_peer.values()))
    since = {
        (high if low == user_id else low): ensure_aware_utc(created)
        for low, high, created in session.exec(
            select(Collaboration.user_low_id, Collaboration.user_high_id, Collaboration.created_at).where(
                sa.or_(col(Collaboration.user_low_id) == user_id, col(Collaboration.user_high_id) == user_id)
            )
        ).all()
    }
    unread = unread_counts(session=session, me=user_id, conversation_ids=list(by_peer.values()))
    cards = peers(session=session, ids=allowed)
    never = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    conversations = [
        ConversationSummary(
            cards[p], by_peer.get(p, 0), last.get(by_peer.get(p, 0)), unread.get(by_peer.get(p, 0), 0), since.get(p, never)
        )
        for p in allowed
    ]
    conversations.sort(key=lambda c: (c.last is not None, c.last.created_at if c.last else c.since, c.peer.id), reverse=True)
    return conversations


def check_thread_page(*, session: Session, me: int, conversation_id: int, before_id: int | None = None) -> ThreadPage:
    """`thread_page` for a caller, refused (ValidationFailed on "form") unless they may read it."""
    access(session=session, me=me, conversation_id=conversation_id)
    return thread_page(session=session, conversation_id=conversation_id, before_id=before_id)


def check_thread_since(*, session: Session, me: int, conversation_id: int, after_id: int) -> list[MessageRow]:
    access(session=session, me=me, conversation_id=conversation_id)
    return thread_since(session=session, conversation_id=conversation_id, after_id=after_id)


def last_and_unread(*, session: Session, me: int, conversation_id: int) -> tuple[MessageRow | None, int]:
    """What one conversation-list entry needs after a push about it: the last message and my unread count
    (nothing for a conversation `me` is not in)."""
    member = select(ConversationMember.id).where(
        ConversationMember.conversation_id == conversation_id, ConversationMember.user_id == me
    )
    if session.exec(member).first() is None:
        return None, 0
    last = _last_messages(session, [conversation_id]).get(conversation_id)
    return last, unread_counts(session=session, me=me, conversation_ids=[conversation_id]).get(conversation_id, 0)
