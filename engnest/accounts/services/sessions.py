"""Login sessions: random tokens (stored as keyed hashes), idle and absolute expiry, revocation.

Flow: a successful sign-in creates a *pending* session with a one-time activation code (valid 60 s), bound to
the browser that signed in: that browser holds a random pre-session secret in an HttpOnly cookie (set by
`/auth/binding`) and the pending session stores its SHA-256. The browser redeems the code by POST at
`/auth/session`, which checks the secret, mints the real token and sets it as an HttpOnly cookie; the token
itself never travels through Reflex state. A code redeemed by any other browser (login CSRF) is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any, TypeGuard, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User, UserSession
from engnest.platform import events
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings

ACTIVATION_TTL = dt.timedelta(seconds=60)
TOUCH_EVERY = dt.timedelta(minutes=1)
SESSION_TOPIC = "session"  # pushed to a user's tabs when their sessions or account change (accounts.state.session)


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_BROWSER_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def _digest(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_browser_secret() -> str:
    """The pre-session secret a browser keeps (HttpOnly cookie) to prove it is the one that signed in."""
    return secrets.token_urlsafe(32)


def is_browser_secret(value: object) -> TypeGuard[str]:
    """Shaped like `new_browser_secret()` (so an empty or missing cookie never matches anything)."""
    return isinstance(value, str) and _BROWSER_SECRET.fullmatch(value) is not None


def binding_of(browser_secret: str) -> str:
    """What the pending session stores of a browser's pre-session secret (and what the tab may see)."""
    return hashlib.sha256(browser_secret.encode()).hexdigest()


def is_binding(value: object) -> bool:
    return isinstance(value, str) and _SHA256_HEX.fullmatch(value) is not None


def do_start_session(
    *, session: Session, user: User, binding: str, now: dt.datetime, user_agent: str = "", ip: str = ""
) -> str:
    """Create a pending session for `user`, redeemable only with the browser secret whose `binding_of` is
    `binding`; returns the one-time activation code."""
    if not is_binding(binding):
        raise ValueError("a pending session needs the browser's binding (sha-256 hex)")
    code = secrets.token_urlsafe(32)
    assert user.id is not None  # a stored account
    session.add(
        UserSession(
            user_id=user.id,
            activation_hash=_digest(code),
            binding_hash=binding,
            activation_expires_at=now + ACTIVATION_TTL,
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(days=get_settings().session_absolute_days),
            user_agent=(user_agent or "")[:300],
            ip=(ip or "")[:64],
        )
    )
    return code


def do_activate_session(
    *, session: Session, code: str, browser_secret: str | None, now: dt.datetime, replaces_token: str | None = None
) -> str | None:
    """Redeem an activation code once, from the browser that signed in; returns the new session token or None.

    A code presented without that browser's secret (another browser: login CSRF) or too late is spent and
    refused. On success the browser's previous session (if any) is revoked: a login always rotates the token.
    """
    if not code or not isinstance(code, str):
        return None
    row = session.exec(select(UserSession).where(UserSession.activation_hash == _digest(code))).first()
    if row is None or row.revoked_at is not None:
        return None
    bound = (
        is_browser_secret(browser_secret)
        and row.binding_hash is not None
        and hmac.compare_digest(row.binding_hash, binding_of(browser_secret))
    )
    if not bound or row.activation_expires_at is None or ensure_aware_utc(row.activation_expires_at) < now:
        row.activation_hash = row.binding_hash = None
        session.add(row)  # the code is spent all the same (the caller's unit of work commits it)
        return None
    token = secrets.token_urlsafe(32)
    row.activation_hash = row.binding_hash = None
    row.activation_expires_at = None
    row.token_hash = _digest(token)
    row.last_seen_at = now
    session.add(row)
    if replaces_token:
        do_revoke_token(session=session, token=replaces_token, now=now)
    return token


def _is_live(row: UserSession, now: dt.datetime) -> bool:
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    return (
        row.revoked_at is None
        and row.token_hash is not None
        and ensure_aware_utc(row.expires_at) > now
        and ensure_aware_utc(row.last_seen_at) + idle > now
    )


def resolve_token(*, session: Session, token: str | None, now: dt.datetime) -> UserSession | None:
    """The live session for `token`, or None. Touches its idle timer (a write the caller's unit of work commits)."""
    if not token:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _digest(token))).first()
    if row is None or not _is_live(row, now):
        return None
    if now - ensure_aware_utc(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)  # committed by the caller's unit of work (in_session)
    return row


def user_for_token(*, session: Session, token: str | None, now: dt.datetime) -> User | None:
    row = resolve_token(session=session, token=token, now=now)
    return session.get(User, row.user_id) if row else None


def token_digest(token: str) -> str:
    """The stored form of a session token (a keyed hash): what a cache may keep instead of the token."""
    return _digest(token)


def caller_for_token(*, session: Session, token: str | None, now: dt.datetime) -> tuple[User, dt.timedelta] | None:
    """The user of a live session and how long the session stays live without another touch (the sooner of its
    absolute expiry and its idle limit): a caller cached for longer would outlive it."""
    row = resolve_token(session=session, token=token, now=now)
    user = session.get(User, row.user_id) if row else None
    if row is None or user is None:
        return None
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    live_until = min(ensure_aware_utc(row.expires_at), ensure_aware_utc(row.last_seen_at) + idle)
    return user, live_until - now


def announce_session_change(session: Session, user_id: int) -> None:
    """After commit, tell the user's open tabs to check their session again (their cached caller is stale)."""
    events.push_after_commit(session, [user_id], SESSION_TOPIC)


def do_revoke_token(*, session: Session, token: str, now: dt.datetime) -> None:
    revoked = session.execute(
        sa.update(UserSession)
        .where(col(UserSession.token_hash) == _digest(token), col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now)
        .returning(col(UserSession.user_id))
    ).scalars().all()
    for user_id in set(revoked):
        announce_session_change(session, user_id)


def revoke_all_sessions(*, session: Session, user_id: int, now: dt.datetime) -> None:
    """Revoke every session of the user (password change). The caller commits."""
    session.execute(
        sa.update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=now, activation_hash=None)
    )
    announce_session_change(session, user_id)


def do_purge_expired(*, session: Session, now: dt.datetime) -> int:
    """Delete sessions that can never be used again (housekeeping job)."""
    idle = dt.timedelta(minutes=get_settings().session_idle_minutes)
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    result = cast("sa.CursorResult[Any]", session.execute(
        sa.delete(UserSession).where(
            sa.or_(
                col(UserSession.revoked_at).is_not(None),
                col(UserSession.expires_at) < now,
                col(UserSession.last_seen_at) < now - idle,
            )
        )
    ))
    return result.rowcount or 0
