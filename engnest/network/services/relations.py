"""Blocks and collaborators: the checks every feature between two people goes through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.network.models import Block, Collaboration, Friendship
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def is_blocked_between(*, session: Session, a: int, b: int) -> bool:
    """True if either has blocked the other."""
    row = session.exec(
        select(Block.id).where(
            sa.or_(
                sa.and_(col(Block.blocker_id) == a, col(Block.blocked_id) == b),
                sa.and_(col(Block.blocker_id) == b, col(Block.blocked_id) == a),
            )
        )
    ).first()
    return row is not None


def blocked_ids(*, session: Session, user_id: int) -> set[int]:
    """Everyone `user_id` blocked or was blocked by (hidden from each other everywhere)."""
    rows = session.exec(
        select(col(Block.blocker_id), col(Block.blocked_id)).where(sa.or_(col(Block.blocker_id) == user_id, col(Block.blocked_id) == user_id))
    ).all()
    return {b if a == user_id else a for a, b in rows}


def are_collaborators(*, session: Session, a: int, b: int) -> bool:
    if a == b:
        return False
    low, high = _pair(a, b)
    row = session.exec(
        select(Collaboration.id).where(Collaboration.user_low_id == low, Collaboration.user_high_id == high)
    ).first()
    return row is not None


SELF, NOT_COLLABORATORS, BLOCKED = "self", "not_collaborators", "blocked"


def contact_refusal(*, session: Session, me: int, peer: int) -> str | None:
    """Why `me` may not message or call `peer` (None: allowed), as one of SELF, NOT_COLLABORATORS, BLOCKED, for
    the feature to word: they must be collaborators (an accepted meeting) and neither has blocked the other. One
    query. A deleted account has no collaboration rows left, so it reads like a non-collaborator and ids cannot
    be probed."""
    if me == peer:
        return SELF
    low, high = _pair(me, peer)
    collaborators = select(Collaboration.id).where(Collaboration.user_low_id == low, Collaboration.user_high_id == high).exists()
    blocked = select(Block.id).where(
        sa.or_(
            sa.and_(col(Block.blocker_id) == me, col(Block.blocked_id) == peer),
            sa.and_(col(Block.blocker_id) == peer, col(Block.blocked_id) == me),
        )
    ).exists()
    are_collaborators, is_blocked = session.exec(select(collaborators, blocked)).one()
    if not are_collaborators:
        return NOT_COLLABORATORS
    return BLOCKED if is_blocked else None


def collaborator_ids(*, session: Session, user_id: int) -> set[int]:
    rows = session.exec(
        select(Collaboration.user_low_id, Collaboration.user_high_id).where(
            sa.or_(col(Collaboration.user_low_id) == user_id, col(Collaboration.user_high_id) == user_id)
        )
    ).all()
    return {high if low == user_id else low for low, high in rows}


def do_make_collaborators(
    *, session: Session, a: int, b: int, now: dt.datetime, meeting_id: int | None = None
) -> Collaboration:
    """Record that a and b are collaborators (idempotent). The caller commits, as part of its change."""
    if a == b:
        raise ValueError("a user cannot collaborate with themselves")
    low, high = _pair(a, b)
    existing = session.exec(
        select(Collaboration).where(Collaboration.user_low_id == low, Collaboration.user_high_id == high)
    ).first()
    if existing is not None:
        return existing
    row = Collaboration(user_low_id=low, user_high_id=high, meeting_id=meeting_id, created_at=now)
    session.add(row)
    session.flush()
    return row


BLOCKS_TOPIC = "friends"  # the Friends page lists blocked people; search and profile pages re-check on load

# What features above do when one person blocks another, in the block's transaction (calls end a call between them).
BlockHook = Callable[[Session, int, int, dt.datetime], None]
_block_hooks: list[BlockHook] = []


def on_block(hook: BlockHook) -> BlockHook:
    if hook not in _block_hooks:
        _block_hooks.append(hook)
    return hook


def blocked_by(*, session: Session, user_id: int) -> list[Block]:
    """The people `user_id` blocked (newest first), for the unblock list."""
    return list(session.exec(select(Block).where(col(Block.blocker_id) == user_id).order_by(col(Block.created_at).desc(), col(Block.id).desc())))


def has_blocked(*, session: Session, blocker: int, blocked: int) -> bool:
    row = session.exec(select(Block.id).where(Block.blocker_id == blocker, Block.blocked_id == blocked)).first()
    return row is not None


@dataclass(frozen=True)
class BlockRequest:
    blocker: int
    blocked: int


def check_block(*, session: Session, blocker: int, blocked: int) -> BlockRequest:
    if blocker == blocked or session.get(User, blocked) is None:
        raise ValidationFailed(block="You cannot block this person.")
    return BlockRequest(blocker, blocked)


def do_block(*, session: Session, request: BlockRequest, now: dt.datetime) -> Block:
    """`blocker` blocks `blocked` (idempotent): any friendship or pending request between them ends.
    Meeting requests check `is_blocked_between` themselves."""
    blocker, blocked = request.blocker, request.blocked
    existing = session.exec(select(Block).where(Block.blocker_id == blocker, Block.blocked_id == blocked)).first()
    if existing is not None:
        return existing
    row = Block(blocker_id=blocker, blocked_id=blocked, created_at=now)
    session.add(row)
    low, high = _pair(blocker, blocked)
    session.execute(sa.delete(Friendship).where(col(Friendship.user_low_id) == low, col(Friendship.user_high_id) == high))
    for hook in _block_hooks:
        hook(session, blocker, blocked, now)
    push_after_commit(session, [blocker, blocked], BLOCKS_TOPIC)
    return row


def block(*, session: Session, blocker: int, blocked: int, now: dt.datetime) -> Block:
    return do_block(session=session, request=check_block(session=session, blocker=blocker, blocked=blocked), now=now)


def do_unblock(*, session: Session, blocker: int, blocked: int) -> None:
    session.execute(sa.delete(Block).where(col(Block.blocker_id) == blocker, col(Block.blocked_id) == blocked))
    push_after_commit(session, [blocker], BLOCKS_TOPIC)
