"""The FastAPI application served under /api/v1 (mounted beside Reflex's routes by engnest.api.web). It only
assembles: each feature owns its router (`engnest/<feature>/api`), over the shared machinery of
`engnest.platform.api` (who is calling, the one error shape, cursors, ETags). The OpenAPI schema is at
/api/v1/openapi.json, interactive docs at /api/v1/docs."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from engnest.accounts import api as accounts_api
from engnest.discovery import api as discovery_api
from engnest.meetings import api as meetings_api
from engnest.messaging import api as messaging_api
from engnest.network import api as network_api
from engnest.notifications import api as notifications_api
from engnest.platform.api import errors
from engnest.platform.api.etags import ETagMiddleware
from engnest.profiles import api as profiles_api

PREFIX = "/api/v1"
# In the order the docs list them.
ROUTERS: tuple[APIRouter, ...] = (
    accounts_api.router, discovery_api.router, profiles_api.router, network_api.router, meetings_api.router,
    messaging_api.router, notifications_api.router,
)
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
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(ETagMiddleware)
    return app
