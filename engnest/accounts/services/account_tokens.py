"""One-time account links: random tokens, stored as SHA-256 hashes, short-lived, redeemed at most once.

A link carries 32 random bytes, so an unkeyed hash is enough: the table alone gives nothing to sign in with.
Redeeming is one conditional UPDATE (unused and unexpired), so two parallel redemptions cannot both win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import AccountToken, User

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"
SIGN_IN = "sign_in"
PURPOSES = frozenset({VERIFY_EMAIL, RESET_PASSWORD, SIGN_IN})
MAX_TOKEN_CHARS = 100


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def do_issue(
    *, session: Session, user_id: int, purpose: str, ttl: dt.timedelta, now: dt.datetime, supersede: bool = True
) -> str:
    """A new token for `user_id` (the caller commits); returns the raw token for the link.

    supersede: the user's earlier unused tokens of this purpose stop working (the newest email is the one).
    """
    assert purpose in PURPOSES
    if supersede:
        do_invalidate(session=session, user_id=user_id, purposes=(purpose,), now=now)
    t = AccountToken
    session.execute(sa.delete(t).where(col(t.user_id) == user_id, col(t.expires_at) < now))  # housekeeping
    raw = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user_id, purpose=purpose, token_hash=digest(raw), created_at=now, expires_at=now + ttl))
    session.flush()
    return raw


def _live(raw: object, purpose: str, now: dt.datetime) -> sa.ColumnElement[bool] | None:
    t = AccountToken
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TOKEN_CHARS:
        return None
    return sa.and_(col(t.token_hash) == digest(raw), col(t.purpose) == purpose, col(t.used_at).is_(None), col(t.expires_at) > now)


def peek(*, session: Session, raw: object, purpose: str, now: dt.datetime) -> User | None:
    """The account a live token belongs to, without using it (for the page the link opens)."""
    where = _live(raw, purpose, now)
    if where is None:
        return None
    user_id = session.exec(select(AccountToken.user_id).where(where)).first()
    return session.get(User, user_id) if user_id is not None else None


def do_redeem(*, session: Session, raw: object, purpose: str, now: dt.datetime) -> User | None:
    """Use a live token once (the caller commits); returns its account, or None if it is unknown, expired or
    used. Of parallel redemptions of one token exactly one gets the account."""
    where = _live(raw, purpose, now)
    if where is None:
        return None
    row = session.exec(select(AccountToken.id, AccountToken.user_id).where(where)).first()
    if row is None:
        return None
    token_id, user_id = row
    t = AccountToken
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    result = cast("sa.CursorResult[Any]", session.execute(sa.update(t).where(col(t.id) == token_id, col(t.used_at).is_(None)).values(used_at=now)))
    if result.rowcount != 1:
        return None
    return session.get(User, user_id)


def do_invalidate(*, session: Session, user_id: int, purposes: tuple[str, ...], now: dt.datetime) -> None:
    """Unused tokens of these purposes stop working (the caller commits)."""
    t = AccountToken
    session.execute(sa.update(t).where(col(t.user_id) == user_id, col(t.purpose).in_(purposes), col(t.used_at).is_(None)).values(used_at=now))
