"""Session cookie endpoints and access-checked media.

`/auth/session` turns a one-time activation code into an HttpOnly session cookie; `/auth/signout`
revokes the session and clears the cookie; `/media/avatar/{id}` serves an avatar only to people allowed
to see it (the owner for now; collaborators once meetings exist).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from engnest import routes
from engnest.api import meetings_http
from engnest.clock import utcnow
from engnest.db import in_session
from engnest.domain.ids import parse_id
from engnest.services import media, sessions, visibility
from engnest.settings import get_settings
from engnest.state.session import COOKIE_NAME


def _frontend(path: str) -> str:
    settings = get_settings()
    prefix = settings.public_url.rstrip("/") if settings.api_url else ""
    return prefix + path


def _set_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=settings.session_absolute_days * 86400,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )


async def activate_session(request: Request) -> Response:
    code = request.query_params.get("code", "")
    target = routes.safe_next(request.query_params.get("next"))
    token = await in_session(
        sessions.do_activate_session, code=code, now=utcnow(), replaces_token=request.cookies.get(COOKIE_NAME)
    )
    if token is None:
        return RedirectResponse(_frontend(f"{routes.SIGN_IN}?expired=1"), status_code=303)
    response = RedirectResponse(_frontend(target), status_code=303)
    _set_cookie(response, token)
    response.headers["Cache-Control"] = "no-store"
    return response


async def sign_out(request: Request) -> Response:
    token = request.cookies.get(COOKIE_NAME)
    if token:
        await in_session(sessions.do_revoke_token, token=token, now=utcnow())
    nxt = request.query_params.get("next") or routes.LANDING
    target = nxt if nxt.startswith("/") and not nxt.startswith("//") else routes.LANDING
    response = RedirectResponse(_frontend(target), status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


async def avatar(request: Request) -> Response:
    owner_id = parse_id(request.path_params.get("user_id"))  # junk and out-of-range ids are simply not found
    if owner_id is None:
        return Response(status_code=404)
    viewer = await in_session(sessions.user_for_token, token=request.cookies.get(COOKIE_NAME), now=utcnow())
    name = await in_session(visibility.avatar_file_for, viewer_id=viewer.id if viewer else None, owner_id=owner_id)
    path = media.avatar_path(name) if name else None
    if path is None:
        return Response(status_code=404)
    return FileResponse(path, media_type="image/webp", headers={"Cache-Control": "private, max-age=3600"})


def http_app() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.AUTH_SESSION, activate_session, methods=["GET"]),
            Route(routes.AUTH_SIGN_OUT, sign_out, methods=["GET", "POST"]),
            Route(routes.AVATAR + "/{user_id}", avatar, methods=["GET"]),
            *meetings_http.ROUTES,
        ]
    )
