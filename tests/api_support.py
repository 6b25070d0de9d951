"""REST API test helpers: a client over the real HTTP app (with /api/v1 mounted) and personal access tokens
made through the real token service."""

from __future__ import annotations

import warnings

from factories import NOW
from sqlmodel import Session

from engnest.accounts.services import api_tokens as tokens
from engnest.platform.http import http_app

with warnings.catch_warnings():  # Starlette nudges towards httpx2; its test client works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

API = "/api/v1"


def api_client() -> TestClient:
    return TestClient(http_app(), base_url="http://testserver", raise_server_exceptions=False)


def bearer(session: Session, user, scope: str = "write", *, expires_in_days: int | None = None, name: str = "script") -> dict[str, str]:
    """Authorization headers with a new token of `user`'s (committed, as Settings would)."""
    _view, raw = tokens.create_token(session=session, user_id=user.id, name=name, scope=scope, expires_in_days=expires_in_days, now=NOW)
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"]), body
    return body["error"]
