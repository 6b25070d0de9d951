"""From a successful credential check to the session cookie, bound to the browser that signed in.

1. `start_browser_session` (sign-in, sign-up, password change) notes the user in this tab's backend-only
   state and asks the browser for its binding: a POST to `/auth/binding` (our origin only) gives the browser an
   HttpOnly pre-session secret and answers its SHA-256.
2. `activate(binding)` creates the pending session with that binding and a one-time code, and the tab POSTs
   the code to `/auth/session`, which redeems it only with the same browser's secret. An attacker who keeps
   their own activation cannot finish it in someone else's browser (login CSRF).

The binding travels as an event argument because Reflex reads cookies from the websocket's handshake: a
cookie set after the socket connected is invisible to handlers.
"""

from __future__ import annotations

import json

import reflex as rx

from engnest.accounts.models import User
from engnest.accounts.services import accounts, sessions
from engnest.accounts.state.session import activate_and_go, backend_base
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session


def binding_js(backend: str) -> str:
    url = json.dumps(backend + routes.AUTH_BINDING)
    return (
        f'fetch({url}, {{method: "POST", credentials: "include", cache: "no-store"}})'
        '.then((r) => (r.ok ? r.json() : {})).then((j) => (j && j.binding) || "").catch(() => "")'
    )


class LoginFlowState(rx.State):
    # Backend-only (never sent to the browser), set only after the credentials were checked on the server.
    _user_id: int = 0
    _next: str = ""
    _until: float = 0.0

    def _begin(self, state: rx.State, *, user_id: int, next_path: str):
        self._user_id, self._next = user_id, routes.safe_next(next_path)
        self._until = (utcnow() + sessions.ACTIVATION_TTL).timestamp()
        return rx.call_script(binding_js(backend_base(state)), callback=LoginFlowState.activate)

    @rx.event
    async def activate(self, binding):
        """The browser's binding arrived: open the pending session for the user this tab just authenticated."""
        user_id, next_path, until = self._user_id, self._next, self._until
        self._user_id, self._next, self._until = 0, "", 0.0
        if not user_id or utcnow().timestamp() > until or not sessions.is_binding(binding):
            return rx.redirect(f"{routes.SIGN_IN}?expired=1")
        user = await in_session(accounts.get_user, user_id=user_id)
        if user is None:
            return rx.redirect(f"{routes.SIGN_IN}?expired=1")
        code = await in_session(
            sessions.do_start_session,
            user=user,
            binding=binding,
            now=utcnow(),
            user_agent=self.router.headers.user_agent,
            ip=self.router.session.client_ip,
        )
        return activate_and_go(self, code, next_path)


async def start_browser_session(state: rx.State, user: User, next_path: str):
    """After a successful credential check: bind a new login session to this browser and send this tab through
    the cookie endpoint to `next_path`."""
    flow = await state.get_state(LoginFlowState)
    return flow._begin(state, user_id=user.id, next_path=next_path)
