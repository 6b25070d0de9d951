"""Who is calling: a personal access token (`Authorization: Bearer enk_…`), re-checked on every call together
with its scope, and counted against the per-client and per-token rate limits.

Both limits use engnest.platform.throttle (`limits`, Redis when configured): a hit is checked and counted in
one atomic step, so parallel calls cannot all slip under the limit. Over it: 429 with `Retry-After`; every
authenticated answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` for its token."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from sqlmodel import Session

from engnest.platform import throttle
from engnest.platform.api import scopes
from engnest.platform.api.errors import ApiError
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.settings import get_settings


@dataclass(frozen=True)
class Caller:
    """Who an API call acts for, re-read on every call (the account's id and timezone, the token and its scope)."""

    user_id: int
    timezone: str
    token_id: int
    scope: str


# (session, raw bearer token, now) -> the caller, or None: registered by accounts (engnest/accounts/wiring.py).
Authenticator = Callable[..., "Caller | None"]
_authenticator: list[Authenticator] = []


def set_authenticator(fn: Authenticator) -> None:
    _authenticator[:] = [fn]


def _resolve(*, session: Session, raw: str | None, now: dt.datetime) -> Caller | None:
    if not _authenticator:
        raise RuntimeError("No API authenticator registered: load engnest.features first.")
    return _authenticator[0](session=session, raw=raw, now=now)


bearer = HTTPBearer(auto_error=False, description="A personal access token, created in Settings → API tokens.")


def _take(rule: str, *keys: str) -> dict[str, str]:
    """Count one call for `keys`, or raise 429; returns the RateLimit-* headers after counting."""
    allowed = throttle.hit(rule, *keys)
    item = parse(rule)
    stats = throttle.limiter().get_window_stats(item, *keys)
    reset = max(1, math.ceil(stats.reset_time - time.time()))
    headers = {"RateLimit-Limit": str(item.amount), "RateLimit-Remaining": str(stats.remaining), "RateLimit-Reset": str(reset)}
    if not allowed:
        raise ApiError(429, "rate_limited", f"Too many requests. Try again in {throttle.wait_phrase(reset)}.",
                       headers={**headers, "Retry-After": str(reset)})
    return headers


def take_client(*, session: Session, client: str) -> None:
    """Count one call from `client` (before any token or password is checked: guessing costs calls)."""
    _take(get_settings().api_limit_per_client, "api-client", client)


def admit(*, session: Session, raw: str | None, client: str, needed: str) -> tuple[Caller, dict[str, str]]:
    """The caller behind `raw` if it may make a `needed` (read | write) call now; ApiError otherwise."""
    settings = get_settings()
    take_client(session=session, client=client)
    caller = _resolve(session=session, raw=raw, now=utcnow())
    if caller is None:
        raise ApiError(401, "unauthorized", "Send a valid personal access token: Authorization: Bearer <token>.",
                       headers={"WWW-Authenticate": 'Bearer realm="engnest"'})
    if not scopes.allows(caller.scope, needed):
        raise ApiError(403, "insufficient_scope", "This token is read only. Create a read and write token in Settings.")
    return caller, _take(settings.api_limit_per_token, "api-token", str(caller.token_id))


async def _caller(request: Request, response: Response, credentials: HTTPAuthorizationCredentials | None, needed: str) -> Caller:
    client = request.client.host if request.client else "unknown"
    caller, headers = await in_session(admit, raw=credentials.credentials if credentials else None, client=client, needed=needed)
    response.headers.update(headers)
    return caller


async def reader(request: Request, response: Response, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Caller:
    return await _caller(request, response, credentials, scopes.READ)


async def writer(request: Request, response: Response, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Caller:
    return await _caller(request, response, credentials, scopes.WRITE)
