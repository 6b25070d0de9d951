"""A guard in front of Reflex's websocket (`/_event`): an oversized event gets an answer, not a dropped socket.

Engine.IO closes the whole connection when one incoming message passes its buffer limit
(`REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE`, 1 MB by default): the tab reconnects, sends the same event from its queue
and is dropped again, with no word to the user. This ASGI middleware sees each websocket message first: one over
the limit is not passed on (nothing runs, nothing is saved) and the tab is told so in plain words, on the same
connection, as an ordinary Reflex update that runs a fixed script (no user text in it). Messages beyond the HTTP
server's own frame limit (16 MiB in granian) are closed by the server before any application code sees them.
"""

from __future__ import annotations

import json
import logging

from reflex_base import constants
from reflex_base.config import get_config
from reflex_base.environment import environment
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

NOTICE_ID = "engnest-too-large"


def event_limit() -> int:
    """The size Engine.IO would drop the connection at (the guard answers at it instead)."""
    return int(environment.REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE.get())


def too_large_text(size: int, limit: int) -> str:
    return (
        f"That was too large to send ({size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.1f} MB). "
        "Nothing was sent or saved: shorten it and try again."
    )


def _notice_script(text: str) -> str:
    """Show `text` (ours, not the user's) in a dismissible alert at the top of the page."""
    return (
        "(function(){var id=" + json.dumps(NOTICE_ID) + ";var n=document.getElementById(id);"
        "if(!n){n=document.createElement('div');n.id=id;n.setAttribute('role','alert');"
        "n.style.cssText='position:fixed;top:12px;left:50%;transform:translateX(-50%);z-index:2147483647;"
        "max-width:90vw;padding:10px 14px;border-radius:8px;background:#fff4e5;color:#5f370e;"
        "border:1px solid #f5a623;font:14px system-ui,sans-serif;cursor:pointer';"
        "n.title='Dismiss';n.onclick=function(){n.remove();};document.body.appendChild(n);}"
        "n.textContent=" + json.dumps(text) + ";})()"
    )


def answer_frame(namespace: str, text: str) -> str:
    """An Engine.IO message carrying a Socket.IO "event" on the app's namespace: the update Reflex's client
    applies, with one `_call_script` event and no state change."""
    update = {"delta": {}, "events": [{"name": "_call_script", "payload": {"javascript_code": _notice_script(text), "callback": None}}]}
    return "42" + namespace + "," + json.dumps([str(constants.SocketEvent.EVENT), update])


def _size(message: Message) -> int:
    if message.get("text") is not None:
        return len(message["text"].encode("utf-8"))
    return len(message.get("bytes") or b"")


class EventSizeGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        config = get_config()
        self.path = config.prepend_backend_path(str(constants.Endpoint.EVENT))
        self.namespace = config.get_event_namespace()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "websocket" or not path.startswith(self.path):
            await self.app(scope, receive, send)
            return
        limit = event_limit()

        async def guarded_receive() -> Message:
            while True:
                message = await receive()
                if message.get("type") != "websocket.receive":
                    return message
                size = _size(message)
                if size <= limit:
                    return message
                log.warning("refused a websocket message of %d bytes (limit %d)", size, limit)
                await send({"type": "websocket.send", "text": answer_frame(self.namespace, too_large_text(size, limit))})

        await self.app(scope, guarded_receive, send)
