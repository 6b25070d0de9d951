"""API tokens: personal access tokens created (shown once), listed, revoked by their owner; every token resolved
on every API call (registered with platform.api.auth by accounts.wiring); all of an account's tokens revoked when
its password changes; dead tokens purged by a periodic job.

Services never commit: the caller's unit of work does (engnest.platform.db.unit_of_work)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import ApiToken, User
from engnest.platform.api import scopes
from engnest.platform.api.auth import Caller
from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.domain.user_text import clean

PREFIX = "enk_"
PERSONAL, ACCESS, REFRESH = "personal", "access", "refresh"
MAX_TOKEN_CHARS = 100
MAX_LIVE_TOKENS = 20
MAX_NAME_CHARS = 60
EXPIRY_DAYS = (7, 30, 90, 365)
TOUCH_EVERY = dt.timedelta(minutes=1)
# A dead token (revoked or expired) is kept this long, then purged. A used refresh token is kept until it expires
# (however long ago it was used): while it is stored, its replay is recognised and revokes its whole sign-in.
PURGE_AFTER = dt.timedelta(days=7)
PURGE_EVERY_SECONDS = 3600.0
PURGE_BATCH = 5000


@dataclass(frozen=True)
class TokenView:
    """What Settings and the API show of a token: never the token or its hash."""

    id: int
    name: str
    scope: str
    hint: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _view(row: ApiToken) -> TokenView:
    assert row.id is not None
    return TokenView(row.id, row.name, row.scope, row.hint, row.created_at, row.expires_at, row.last_used_at)


def _live(now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.and_(col(ApiToken.revoked_at).is_(None), sa.or_(col(ApiToken.expires_at).is_(None), col(ApiToken.expires_at) > now))


def list_tokens(*, session: Session, user_id: int, now: dt.datetime) -> list[TokenView]:
    rows = session.exec(
        select(ApiToken).where(col(ApiToken.user_id) == user_id, col(ApiToken.kind) == PERSONAL, _live(now)).order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
    )
    return [_view(row) for row in rows]


@dataclass(frozen=True)
class CreateTokenRequest:
    user_id: int
    name: str
    scope: str
    expires_in_days: int | None


def check_create_token(
    *, session: Session, user_id: int, name: object, scope: object, expires_in_days: object, now: dt.datetime
) -> CreateTokenRequest:
    errors = Collector()
    clean_name = " ".join(clean(name).split()) if isinstance(name, str) else ""
    if not clean_name:
        errors.add("name", "Give the token a name, such as the script that uses it.")
    elif len(clean_name) > MAX_NAME_CHARS:
        errors.add("name", f"Keep the name under {MAX_NAME_CHARS} characters.")
    if scope not in scopes.SCOPES:
        errors.add("scope", "Choose read only, or read and write.")
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        errors.add("expires_in_days", "Choose when the token expires: 7, 30, 90 or 365 days, or never.")
    errors.raise_if_any()
    live = session.exec(select(sa.func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id, ApiToken.kind == PERSONAL, _live(now))).one()
    if live >= MAX_LIVE_TOKENS:
        raise ValidationFailed(name=f"You have {MAX_LIVE_TOKENS} tokens already. Revoke one you no longer use first.")
    return CreateTokenRequest(user_id, clean_name, str(scope), expires_in_days if isinstance(expires_in_days, int) else None)


def do_create_token(*, session: Session, request: CreateTokenRequest, now: dt.datetime) -> tuple[TokenView, str]:
    """A new token; returns its view and the raw token (shown once, never stored)."""
    expires = now + dt.timedelta(days=request.expires_in_days) if request.expires_in_days is not None else None
    row, raw = do_add(session=session, user_id=request.user_id, name=request.name, scope=request.scope, kind=PERSONAL, expires_at=expires, now=now)
    return _view(row), raw


def create_token(
    *, session: Session, user_id: int, name: object, scope: object, expires_in_days: object, now: dt.datetime
) -> tuple[TokenView, str]:
    """check_create_token then do_create_token."""
    request = check_create_token(session=session, user_id=user_id, name=name, scope=scope, expires_in_days=expires_in_days, now=now)
    return do_create_token(session=session, request=request, now=now)


def do_add(*, session: Session, user_id: int, name: str, scope: str, kind: str, expires_at: dt.datetime | None,
           now: dt.datetime, family: str | None = None) -> tuple[ApiToken, str]:
    """Store a new token (its hash); returns the row and the raw token."""
    raw = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user_id, name=name, scope=scope, kind=kind, family=family, token_hash=digest(raw), hint=raw[-4:],
                   created_at=now, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row, raw


def do_revoke(*, session: Session, user_id: int, token_id: object, now: dt.datetime) -> bool:
    """Revoke one of the owner's own tokens; False when `token_id` is not a live token of theirs."""
    if not isinstance(token_id, int) or isinstance(token_id, bool):
        return False
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    result = cast("sa.CursorResult[Any]", session.execute(
        sa.update(ApiToken).where(col(ApiToken.id) == token_id, col(ApiToken.user_id) == user_id, col(ApiToken.kind) == PERSONAL, col(ApiToken.revoked_at).is_(None)).values(revoked_at=now)
    ))
    return bool(result.rowcount)


def resolve(*, session: Session, raw: str | None, now: dt.datetime) -> Caller | None:
    """The caller behind a bearer token, or None (unknown, revoked, expired, or its account is gone)."""
    if not raw or len(raw) > MAX_TOKEN_CHARS or not raw.startswith(PREFIX):
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(raw), ApiToken.kind != REFRESH, _live(now))).first()
    if row is None or row.id is None:
        return None
    user = session.get(User, row.user_id)
    if user is None:
        return None
    if row.last_used_at is None or now - ensure_aware_utc(row.last_used_at) > TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
    return Caller(user_id=row.user_id, timezone=user.timezone, token_id=row.id, scope=row.scope)


def do_revoke_all(*, session: Session, user_id: int, now: dt.datetime) -> int:
    """Revoke every live token of the account: personal tokens and API sign-ins (access and refresh tokens, so
    every refresh-token family ends). The password changed: whoever held a token must show the new one."""
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    result = cast("sa.CursorResult[Any]", session.execute(sa.update(ApiToken).where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None)).values(revoked_at=now)))
    return int(result.rowcount or 0)


def _purgeable(now: dt.datetime) -> sa.ColumnElement[bool]:
    before = now - PURGE_AFTER
    return sa.or_(
        col(ApiToken.expires_at) < before,  # every kind, once it has been expired for a while
        sa.and_(col(ApiToken.revoked_at) < before, col(ApiToken.kind) != REFRESH),  # a used refresh token waits for its expiry
    )


def do_purge(*, session: Session, now: dt.datetime) -> int:
    """Delete tokens dead for longer than PURGE_AFTER, a batch at a time; returns how many went."""
    total = 0
    while True:
        batch = select(ApiToken.id).where(_purgeable(now)).limit(PURGE_BATCH).scalar_subquery()
        # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
        gone = int(cast("sa.CursorResult[Any]", session.execute(sa.delete(ApiToken).where(col(ApiToken.id).in_(batch)))).rowcount or 0)
        total += gone
        if gone < PURGE_BATCH:
            return total


def run_purge_job() -> None:
    """What the scheduler runs (registered in accounts.wiring); the job is the outermost caller, so it commits."""
    with unit_of_work() as session:
        do_purge(session=session, now=utcnow())
