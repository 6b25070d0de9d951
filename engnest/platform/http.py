"""Our HTTP endpoints next to Reflex's, as one Starlette app. Each feature registers its routes at import time
(accounts: the session cookie; network: access-checked avatars; meetings: calendar files and payment callbacks);
the composition root builds the app after importing every feature."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []


def register_routes(*routes: BaseRoute) -> None:
    for route in routes:
        if route not in ROUTES:
            ROUTES.append(route)


def http_app() -> Starlette:
    return Starlette(routes=list(ROUTES))
