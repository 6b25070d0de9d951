"""The session cookie's endpoints, all POST and only from our own origins.

* `/auth/binding` gives this browser a pre-session secret (HttpOnly, SameSite=Strict cookie) and answers its
  SHA-256, which the tab hands to the sign-in so the pending session is bound to this browser.
* `/auth/session` redeems a one-time activation code (form field) from the browser that signed in, sets the
  HttpOnly session cookie and sends the browser on to `next`. A code from anyone else's sign-in fails.
* `/auth/signout` revokes the session and clears the cookie.

A GET (a link, an <img>) or a form posted by another site changes nothing: the Origin must be ours.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from engnest.accounts.services import sessions
from engnest.accounts.state.session import COOKIE_NAME
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.settings import get_settings

BROWSER_SECRET_COOKIE = "engnest_presession"
BROWSER_SECRET_MAX_AGE = 24 * 3600
NO_STORE = {"Cache-Control": "no-store"}


def from_our_origin(request: Request) -> bool:
    """Browsers send Origin with every POST; only our frontend's and backend's own origins are accepted."""
    origin = (request.headers.get("origin") or "").strip().lower()
    return bool(origin) and origin in get_settings().allowed_origins


def _refused() -> Response:
    return PlainTextResponse("Refused: this request did not come from EngNest.", status_code=403, headers=NO_STORE)


def _frontend(path: str) -> str:
    settings = get_settings()
    prefix = settings.public_url.rstrip("/") if settings.api_url else ""
    return prefix + path


async def _form(request: Request) -> dict[str, str]:
    try:
        form = await request.form(max_files=0, max_fields=8)
    except Exception:  # noqa: BLE001 - a malformed body is a refused request, never a traceback
        return {}
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _set_session_cookie(response: Response, token: str) -> None:
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


async def browser_binding(request: Request) -> Response:
    if not from_our_origin(request):
        return _refused()
    secret = request.cookies.get(BROWSER_SECRET_COOKIE)
    if not sessions.is_browser_secret(secret):
        secret = sessions.new_browser_secret()
    response = JSONResponse({"binding": sessions.binding_of(secret)}, headers=NO_STORE)
    response.set_cookie(
        BROWSER_SECRET_COOKIE,
        secret,
        max_age=BROWSER_SECRET_MAX_AGE,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="strict",
        path="/auth",
    )
    return response


async def activate_session(request: Request) -> Response:
    if not from_our_origin(request):
        return _refused()
    form = await _form(request)
    target = routes.safe_next(form.get("next"))
    token = await in_session(
        sessions.do_activate_session,
        code=form.get("code", ""),
        browser_secret=request.cookies.get(BROWSER_SECRET_COOKIE),
        now=utcnow(),
        replaces_token=request.cookies.get(COOKIE_NAME),
    )
    if token is None:
        return RedirectResponse(_frontend(f"{routes.SIGN_IN}?expired=1"), status_code=303, headers=NO_STORE)
    response = RedirectResponse(_frontend(target), status_code=303, headers=NO_STORE)
    _set_session_cookie(response, token)
    return response


async def sign_out(request: Request) -> Response:
    if not from_our_origin(request):
        return _refused()
    form = await _form(request)
    token = request.cookies.get(COOKIE_NAME)
    if token:
        await in_session(sessions.do_revoke_token, token=token, now=utcnow())
    response = RedirectResponse(_frontend(routes.safe_next(form.get("next"), default=routes.LANDING)), status_code=303, headers=NO_STORE)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


ROUTES = [
    Route(routes.AUTH_BINDING, browser_binding, methods=["POST"]),
    Route(routes.AUTH_SESSION, activate_session, methods=["POST"]),
    Route(routes.AUTH_SIGN_OUT, sign_out, methods=["POST"]),
]
