"""Who is calling: every handler resolves the caller from the HttpOnly session cookie, server side.

The cookie is read from the websocket's request headers, which Reflex keeps on the server (it is not
part of the state sent to the browser). Nothing here trusts a value the client put in state.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from engnest.accounts.services import sessions
from engnest.platform import realtime, routes
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


# How long a tab trusts its last check of the session without asking the database again. Revocation (sign-out,
# password change, a timezone change) is pushed to the user's connected tabs at once (SESSION_TOPIC), so this
# bounds only what a push cannot reach: a tab that was disconnected when it happened, or a lost push.
CALLER_TTL_SECONDS = 30.0
SESSION_TOPIC = sessions.SESSION_TOPIC


class CallerCache(rx.State):
    """The caller this tab last resolved from its session cookie (backend-only: never sent to the browser). Kept per
    connection, in the tab's state, so on every worker the push that revokes it reaches the same copy."""

    _digest: str = ""  # which session token this is for: another cookie is another lookup
    _id: int = 0
    _email: str = ""
    _tz: str = ""
    _until: float = 0.0  # wall-clock seconds

    def _hit(self, digest: str, now: float) -> Caller | None:
        fresh = self._digest == digest and now < self._until <= now + CALLER_TTL_SECONDS  # a clock step back: ask again
        return Caller(id=self._id, email=self._email, timezone=self._tz) if fresh else None

    def _store(self, digest: str, found: Caller | None, live_for: float, now: float) -> None:
        if found is None:
            self._digest, self._id, self._until = "", 0, 0.0
            return
        self._digest, self._id, self._email, self._tz = digest, found.id, found.email, found.timezone
        self._until = now + max(0.0, min(CALLER_TTL_SECONDS, live_for))

    async def _on_session(self, _topic: str, _payload: dict) -> None:
        """The user's sessions or account changed (sign-out, password change, timezone): ask the database next time."""
        self._until = 0.0


realtime.subscribe(SESSION_TOPIC, CallerCache, "_on_session")


async def caller(state: rx.State) -> Caller | None:
    """The signed-in user of this tab: the session cookie checked against the database, at most CALLER_TTL_SECONDS
    ago and never since a revocation was pushed to this tab (issue 17: two statements per event were a third of a
    DM's SQL)."""
    token = session_token(state)
    if not token:
        return None
    cache = await state.get_state(CallerCache)
    digest, now = sessions.token_digest(token), time.time()
    hit = cache._hit(digest, now)
    if hit is not None:
        return hit
    found = await in_session(sessions.caller_for_token, token=token, now=utcnow())
    if found is None:
        cache._store(digest, None, 0.0, now)
        return None
    user, live_for = found
    me = Caller(id=user.id, email=user.email, timezone=user.timezone)
    cache._store(digest, me, live_for.total_seconds(), now)
    return me


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
