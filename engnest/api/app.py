"""The FastAPI application served under /api/v1 (mounted beside Reflex's routes by engnest.api.web): its routers,
the one error shape, and the OpenAPI schema at /api/v1/openapi.json with
interactive docs at /api/v1/docs."""

from __future__ import annotations

from fastapi import FastAPI

from engnest.api import errors
from engnest.api.etags import ETagMiddleware
from engnest.api.routers import friends, messages, notifications, people, sign_in, tokens, users

PREFIX = "/api/v1"
DESCRIPTION = """EngNest's REST API: the same people, meetings and messages as the app, under the same rules.

Authenticate with a personal access token from **Settings → API tokens**: `Authorization: Bearer <token>`.
A read-only token may call `GET` endpoints; a read and write token may call every endpoint. Lists are
paginated with an opaque `cursor` (pass the previous page's `next_cursor`). Every error answers
`{"error": {"code", "message", "fields"}}`. Calls are rate limited per token and per client (429 with
`Retry-After`; `RateLimit-*` headers on every answer). Reads carry an `ETag`: send it back in `If-None-Match`
to get 304 when nothing changed. Browsers may call it from EngNest's own origins only."""


def create_app() -> FastAPI:
    app = FastAPI(title="EngNest API", version="1", description=DESCRIPTION, docs_url="/docs", redoc_url=None,
                  openapi_url="/openapi.json")
    errors.install(app)
    for module in (sign_in, users, people, friends, messages, notifications, tokens):
        app.include_router(module.router)
    app.add_middleware(ETagMiddleware)
    return app
