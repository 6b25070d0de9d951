"""Who is calling: every handler resolves the caller from the HttpOnly session cookie, server side.

The cookie is read from the websocket's request headers, which Reflex keeps on the server (it is not
part of the state sent to the browser). Nothing here trusts a value the client put in state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from engnest.accounts.services import sessions
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.settings import get_settings

COOKIE_NAME = "engnest_session"


@dataclass(frozen=True)
class Caller:
    id: int
    email: str
    timezone: str


def cookie_token(cookie_header: str) -> str | None:
    if not cookie_header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(COOKIE_NAME)
    return morsel.value if morsel else None


def session_token(state: rx.State) -> str | None:
    return cookie_token(state.router.headers.cookie)


async def caller(state: rx.State) -> Caller | None:
    """The signed-in user of this tab, re-checked against the database on every call."""
    token = session_token(state)
    if not token:
        return None
    user = await in_session(sessions.user_for_token, token=token, now=utcnow())
    if user is None:
        return None
    return Caller(id=user.id, email=user.email, timezone=user.timezone)


def current_path(state: rx.State) -> str:
    url = state.router.url
    path = url.path or routes.HOME
    return path + (f"?{url.query}" if url.query else "")


def to_sign_in(state: rx.State):
    """Redirect for handlers called without a valid session."""
    return rx.redirect(routes.sign_in_next(current_path(state)))


def backend_base(state: rx.State) -> str:
    """Where the HTTP auth endpoints live: API_URL when split, else this page's own origin."""
    settings = get_settings()
    if settings.api_url:
        return settings.api_url.rstrip("/")
    origin = state.router.headers.origin
    return (origin or settings.public_url).rstrip("/")


def full_page_load(url: str):
    """Navigate with a real page load (so the new cookie reaches a fresh websocket)."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


def post_navigation(url: str, fields: dict[str, str]):
    """Navigate by submitting a POST form (a real page load; the endpoint checks the Origin)."""
    return rx.call_script(f"({POST_FORM_JS})({json.dumps(url)}, {json.dumps(fields)})")


POST_FORM_JS = """(action, fields) => {
  const form = document.createElement("form");
  form.method = "POST"; form.action = action; form.style.display = "none";
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value; form.appendChild(input);
  }
  document.body.appendChild(form); form.submit();
}"""


def activate_and_go(state: rx.State, code: str, next_path: str):
    """Redeem an activation code at the cookie endpoint (POST from this browser), then land on `next_path`."""
    return post_navigation(f"{backend_base(state)}{routes.AUTH_SESSION}", {"code": code, "next": routes.safe_next(next_path)})


def sign_out_and_go(state: rx.State, next_path: str = routes.LANDING):
    return post_navigation(f"{backend_base(state)}{routes.AUTH_SIGN_OUT}", {"next": next_path})


class BrowserTimezone(rx.State, mixin=True):
    """Forms that capture the browser's IANA timezone (`BROWSER_TZ_JS` on mount)."""

    browser_tz: str = ""

    @rx.event
    def set_browser_tz(self, tz: str):
        self.browser_tz = tz[:64] if isinstance(tz, str) else ""
