"""Take one browser page offline the way a train tunnel would: its open websocket is dropped and
every reconnect attempt fails until it comes back. (Playwright's `set_offline` alone does not close
a websocket that is already open.)"""

from __future__ import annotations

import re

from playwright.sync_api import Page, WebSocketRoute


class Tunnel:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.online = True
        self._open: list[tuple[WebSocketRoute, WebSocketRoute]] = []
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        if not self.online:
            ws.close(code=1001, reason="offline")
            return
        server = ws.connect_to_server()
        self._open.append((ws, server))

    def enter(self) -> None:
        self.online = False
        self.page.context.set_offline(True)
        for page_side, server_side in self._open:
            server_side.close(code=1001, reason="offline")
            page_side.close(code=1001, reason="offline")
        self._open.clear()

    def leave(self) -> None:
        self.page.context.set_offline(False)
        self.online = True
