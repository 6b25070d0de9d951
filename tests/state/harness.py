"""Call Reflex event handlers directly, as a browser tab would, with a chosen cookie.

A real root `State` tree is built (no app server); router data carries the headers a websocket
connection would have, so handlers resolve the caller exactly as in production.
"""

from __future__ import annotations

import inspect
from typing import Any, TypeVar

from reflex.istate.data import RouterData
from reflex.state import BaseState, State
from reflex_base import constants

import engnest.engnest  # noqa: F401  (the app and every state class exist before any Tab is built, as in production)
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.session import COOKIE_NAME

S = TypeVar("S", bound=BaseState)


class Tab:
    def __init__(self, *, token: str | None = None, path: str = "/", query: str = "", client_ip: str = "127.0.0.1") -> None:
        self.root = State(_reflex_internal_init=True)
        self.set_router(token=token, path=path, query=query, client_ip=client_ip)

    def set_router(self, *, token: str | None = None, path: str = "/", query: str = "", client_ip: str = "127.0.0.1") -> None:
        headers = {"origin": "http://testserver", "user-agent": "pytest"}
        if token:
            headers["cookie"] = f"other=1; {COOKIE_NAME}={token}"
        data = {
            constants.RouteVar.HEADERS: headers,
            constants.RouteVar.CLIENT_IP: client_ip,
            constants.RouteVar.CLIENT_TOKEN: "tab-token",
            constants.RouteVar.SESSION_ID: "sid",
            constants.RouteVar.PATH: path,
            constants.RouteVar.ORIGIN: path + (f"?{query}" if query else ""),
            constants.RouteVar.QUERY: dict(p.split("=", 1) for p in query.split("&") if "=" in p),
        }
        self.root.router_data = data
        self.root.router = RouterData.from_router_data(data)

    def state(self, cls: type[S]) -> S:
        path = cls.get_full_name().split(".")[1:]
        return self.root.get_substate(path)

    async def call(self, cls: type[BaseState], handler: str, *args: Any) -> list[Any]:
        """Run `cls.handler(*args)` to completion; returns what it returned/yielded (events)."""
        method = getattr(self.state(cls), handler)
        result = method(*args)
        out: list[Any] = []
        if inspect.isasyncgen(result):
            async for item in result:
                if item is not None:
                    out.append(item)
        elif inspect.iscoroutine(result):
            item = await result
            if item is not None:
                out.append(item)
        elif inspect.isgenerator(result):
            out.extend(i for i in result if i is not None)
        elif result is not None:
            out.append(result)
        return out


def event_names(events: list[Any]) -> list[str]:
    """Flatten returned events (EventSpec / lists) to handler names, e.g. '_redirect', '_call_script'."""
    names = []
    for ev in events:
        for item in ev if isinstance(ev, list | tuple) else [ev]:
            handler = getattr(item, "handler", None)
            names.append(getattr(handler, "fn", None).__name__ if handler and getattr(handler, "fn", None) else str(item))
    return names


def redirect_target(events: list[Any]) -> str | None:
    for ev in events:
        for item in ev if isinstance(ev, list | tuple) else [ev]:
            args = dict((k._js_expr, v) for k, v in getattr(item, "args", ()))
            if "path" in args:
                return str(args["path"]).strip('"')
    return None


async def assert_signed_in(tab: Tab, user) -> None:
    """Prove the tab's cookie is a live session of `user`, by the same check every handler makes (the page
    guard `AuthState.require_login` resolves the caller from the cookie against the database).

    Every guard test calls this for its attacker first: a refusal proves nothing if the attacker was never
    signed in (sessions minted at one date and judged at another once made every such test pass vacuously)."""

    events = await tab.call(AuthState, "require_login")
    auth = tab.state(AuthState)
    assert redirect_target(events) is None and auth.signed_in, f"{user.email} is not signed in on this tab"
    assert auth.email == user.email, f"the tab is signed in as {auth.email}, not {user.email}"
