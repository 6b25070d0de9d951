"""`POST /auth/login` for API clients: the web sign-in's credential check (same throttling, same timing, same
message) and then a pair instead of a cookie: a short-lived access token and a rotating refresh token.

Each refresh token works once: using it revokes it and issues a new pair in the same family. A refresh token that
comes back after it was used (stolen and replayed, or raced) revokes the whole family, so the thief and the owner
both sign in again. Sign-out revokes the family. Services never commit; the endpoint's unit of work does."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import ApiToken, User
from engnest.accounts.services.api_tokens import ACCESS, MAX_TOKEN_CHARS, REFRESH, digest, do_add
from engnest.platform.api import scopes
from engnest.platform.domain.timezones import ensure_aware_utc

ACCESS_TTL = dt.timedelta(minutes=15)
REFRESH_TTL = dt.timedelta(days=30)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token lives


def _issue(session: Session, user_id: int, family: str, now: dt.datetime) -> TokenPair:
    _row, access = do_add(session=session, user_id=user_id, name="sign-in", scope=scopes.WRITE, kind=ACCESS,
                          expires_at=now + ACCESS_TTL, now=now, family=family)
    _row, refresh = do_add(session=session, user_id=user_id, name="sign-in", scope=scopes.WRITE, kind=REFRESH,
                           expires_at=now + REFRESH_TTL, now=now, family=family)
    return TokenPair(access, refresh, int(ACCESS_TTL.total_seconds()))


def do_start(*, session: Session, user: User, now: dt.datetime) -> TokenPair:
    """A new family for a user whose credentials were just checked (accounts.check_credentials)."""
    assert user.id is not None
    return _issue(session, user.id, uuid.uuid4().hex, now)


def _revoke_family(session: Session, family: str | None, now: dt.datetime) -> None:
    if family:
        session.execute(sa.update(ApiToken).where(col(ApiToken.family) == family, col(ApiToken.revoked_at).is_(None)).values(revoked_at=now))


def do_refresh(*, session: Session, raw: object, now: dt.datetime) -> TokenPair | None:
    """A new pair for a live refresh token (which stops working); None for anything else. A used refresh token
    revokes its whole family (the revocation is kept: this returns None rather than raising)."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TOKEN_CHARS:
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(raw), ApiToken.kind == REFRESH)).first()
    if row is None or row.id is None:
        return None
    if row.revoked_at is not None:  # replayed
        _revoke_family(session, row.family, now)
        return None
    if row.expires_at is not None and ensure_aware_utc(row.expires_at) <= now:
        return None
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    used = cast("sa.CursorResult[Any]", session.execute(
        sa.update(ApiToken).where(col(ApiToken.id) == row.id, col(ApiToken.revoked_at).is_(None)).values(revoked_at=now)
    )).rowcount
    if not used or session.get(User, row.user_id) is None:  # a parallel refresh won: the same as a replay
        _revoke_family(session, row.family, now)
        return None
    return _issue(session, row.user_id, row.family or uuid.uuid4().hex, now)


def do_sign_out(*, session: Session, token_id: int, now: dt.datetime) -> None:
    """Revoke the family of the access token used for this call (a personal token is left alone)."""
    row = session.get(ApiToken, token_id)
    if row is not None and row.kind == ACCESS:
        _revoke_family(session, row.family, now)
