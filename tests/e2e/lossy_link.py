"""One page's websocket carried through the test, so a test can lose a message the way a network does: the frame
carrying a given event never reaches the server ("request"), or the server gets it but none of its answers reach
the page ("answer"); then the connection drops and stays down until the test restores it."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, WebSocketRoute


class LossyLink:
    def __init__(self, page: Page, marker: str) -> None:
        self.page = page
        self.marker = marker  # a frame containing this (an event handler's name) is the one to lose
        self.mode: str | None = None
        self.online = True
        self.swallowed = 0  # frames with the marker that never reached the server
        self.answers_dropped = False
        self._open: list[tuple[WebSocketRoute, WebSocketRoute]] = []
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def lose(self, mode: str) -> None:
        assert mode in ("request", "answer")
        self.mode = mode

    def _route(self, ws: WebSocketRoute) -> None:
        if not self.online:
            ws.close(code=1001, reason="offline")
            return
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if self.mode is not None and isinstance(message, str) and self.marker in message:
                if self.mode == "request":
                    self.swallowed += 1
                    return
                self.answers_dropped = True
            server.send(message)

        def from_server(message: str | bytes) -> None:
            if not self.answers_dropped:
                ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)
        self._open.append((ws, server))

    def wait_swallowed(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.swallowed:
            assert time.monotonic() < deadline, "the page never sent the event"
            self.page.wait_for_timeout(50)  # lets Playwright run the route handlers

    def cut(self) -> None:
        """The connection drops; every reconnect fails until `restore`."""
        self.online = False
        self.page.context.set_offline(True)
        for page_side, server_side in self._open:
            server_side.close(code=1001, reason="offline")
            page_side.close(code=1001, reason="offline")
        self._open.clear()

    def restore(self) -> None:
        self.mode = None
        self.answers_dropped = False
        self.page.context.set_offline(False)
        self.online = True
