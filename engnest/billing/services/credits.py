"""The credits ledger: append-only rows whose `delta`s sum to the balance; every business event has a unique
`key`, so repeating it (a replayed webhook, a retried job, a double click) changes nothing.

An online meeting request reserves (holds) one of the requester's credits; the credit is spent when the
meeting is accepted, returned when the request is declined or withdrawn, and refunded when the *other*
person cancels the accepted meeting.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.billing.models import CreditEntry
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit

TOPIC = "credits"


def balance(*, session: Session, user_id: int) -> int:
    total = session.exec(select(sa.func.coalesce(sa.func.sum(CreditEntry.delta), 0)).where(CreditEntry.user_id == user_id)).one()
    return int(total)


def entries(*, session: Session, user_id: int, limit: int = 100) -> list[CreditEntry]:
    return list(
        session.exec(select(CreditEntry).where(CreditEntry.user_id == user_id).order_by(col(CreditEntry.id).desc()).limit(limit))
    )


def summary(*, session: Session, user_id: int) -> tuple[int, list[CreditEntry]]:
    return balance(session=session, user_id=user_id), entries(session=session, user_id=user_id)


def has_entry(*, session: Session, key: str) -> bool:
    return session.exec(select(CreditEntry.id).where(CreditEntry.key == key)).first() is not None


def lock_user(session: Session, user_id: int) -> None:
    """Serialise ledger changes of one user (PostgreSQL row lock; SQLite writes are serialised anyway).

    FOR NO KEY UPDATE: it does not conflict with the key-share locks that inserting rows referencing the user
    takes, so two transactions that both inserted such rows cannot deadlock on it."""
    session.exec(select(User.id).where(User.id == user_id).with_for_update(key_share=True))


def add_entry(
    session: Session,
    *,
    user_id: int,
    delta: int,
    kind: str,
    key: str,
    now: dt.datetime,
    meeting_id: int | None = None,
    purchase_id: int | None = None,
    note: str = "",
) -> CreditEntry | None:
    """Insert a ledger row in the caller's transaction; None if `key` was already recorded.

    INSERT .. ON CONFLICT DO NOTHING (PostgreSQL and SQLite) rather than a savepoint: a concurrent insert of
    the same key waits for the other transaction and then does nothing.
    """
    values = dict(
        user_id=user_id, delta=delta, kind=kind, key=key, meeting_id=meeting_id,
        purchase_id=purchase_id, note=note[:200], created_at=now,
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(CreditEntry).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(col(CreditEntry.id))
    new_id = session.execute(stmt).scalar()
    if new_id is None:
        return None
    push_after_commit(session, [user_id], TOPIC, {"balance_changed": True})
    return session.get(CreditEntry, new_id)


def do_grant(*, session: Session, user_id: int, credits: int, key: str, note: str, now: dt.datetime) -> CreditEntry | None:
    """A gift (demo data, support)."""
    return add_entry(session, user_id=user_id, delta=int(credits), kind="grant", key=f"grant:{key}", note=note, now=now)


# --- Meeting credits (the caller commits, as part of its meeting change) ---------------------------


class Meeting(Protocol):
    """What billing needs of a meeting (meetings.models.Meeting is one): billing sits below meetings."""

    id: int | None
    requester_id: int


NO_CREDIT = "Online meetings need a meeting credit, and you have none left. Buy credits, or meet in person (free)."


def check_has_credit(*, session: Session, user_id: int) -> None:
    """Refuse early (before a rate-limit hit is spent) when an online request could not hold a credit."""
    if balance(session=session, user_id=user_id) < 1:
        raise ValidationFailed(kind=NO_CREDIT)


def hold_for_meeting(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    """Reserve one credit for an online request; refuse (nothing kept) if the requester has none."""
    lock_user(session, meeting.requester_id)
    add_entry(session, user_id=meeting.requester_id, delta=-1, kind="hold", key=f"hold:meeting:{meeting.id}", meeting_id=meeting.id, now=now)
    if balance(session=session, user_id=meeting.requester_id) < 0:  # re-checked after the insert: no overdraft race
        raise ValidationFailed(kind=NO_CREDIT)


def release_for_meeting(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    """The request was declined or withdrawn before acceptance: give the reserved credit back."""
    if has_entry(session=session, key=f"hold:meeting:{meeting.id}") and not has_entry(session=session, key=f"spend:meeting:{meeting.id}"):
        add_entry(session, user_id=meeting.requester_id, delta=1, kind="release", key=f"release:meeting:{meeting.id}", meeting_id=meeting.id, now=now)


def spend_for_meeting(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    """Accepted: the reserved credit is spent (a zero-amount row that records it)."""
    if has_entry(session=session, key=f"hold:meeting:{meeting.id}"):
        add_entry(session, user_id=meeting.requester_id, delta=0, kind="spend", key=f"spend:meeting:{meeting.id}", meeting_id=meeting.id, now=now)


def refund_for_meeting(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    """The other person cancelled an accepted online meeting: the requester gets the credit back."""
    if has_entry(session=session, key=f"spend:meeting:{meeting.id}"):
        add_entry(session, user_id=meeting.requester_id, delta=1, kind="refund", key=f"refund:meeting:{meeting.id}", meeting_id=meeting.id, now=now)
