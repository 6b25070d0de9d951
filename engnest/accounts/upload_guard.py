"""A guard in front of Reflex's upload endpoint (`POST /_upload`).

Reflex parses the whole multipart body into temporary files before any handler runs, for any client
token. This ASGI middleware decides first: a body that declares more than the limit is refused with 413
before a byte of it is read; a client without a valid session cookie gets 401; a body sent without a
length (chunked) is counted as it streams in and refused with 413 the moment it passes the limit (Reflex
sees the client go away and keeps nothing).

The limit leaves room above `AVATAR_MAX_BYTES` for the photos phones take, so an ordinary too-large photo
still reaches the handler and gets "too large (max 2 MB)" beside the field, and room above
`ATTACHMENT_MAX_BYTES` so a slightly too large file in a message gets its message too; only far larger bodies
stop here.
"""

from __future__ import annotations

import json

from reflex_base import constants
from reflex_base.config import get_config
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engnest.accounts.services import sessions
from engnest.accounts.state.session import cookie_token
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.settings import get_settings

MULTIPART_ALLOWANCE = 256 * 1024  # form-field headers and the handler's bound arguments


def body_limit() -> int:
    settings = get_settings()
    return max(4 * settings.avatar_max_bytes, settings.attachment_max_bytes + 1024 * 1024) + MULTIPART_ALLOWANCE


def upload_path() -> str:
    return get_config().prepend_backend_path(str(constants.Endpoint.UPLOAD))


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _too_large(limit: int) -> str:
    return f"The upload is larger than {limit // (1024 * 1024)} MB."


def _route_path(scope: Scope) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class UploadGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.path = upload_path()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or _route_path(scope) != self.path:
            await self.app(scope, receive, send)
            return
        limit = body_limit()
        request = Request(scope)
        declared = request.headers.get("content-length")
        if declared is not None and not declared.strip().isdigit():
            await _answer(send, 400, "Bad Content-Length.")
            return
        if declared is not None and int(declared) > limit:
            await _answer(send, 413, _too_large(limit))
            return
        token = cookie_token(request.headers.get("cookie", ""))
        user = await in_session(sessions.user_for_token, token=token, now=utcnow()) if token else None
        if user is None:
            await _answer(send, 401, "Sign in to upload files.")
            return
        await self._counted(scope, receive, send, limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the request on, counting body bytes; past the limit the app sees a disconnect and the client a 413."""
        received, over, started = 0, False, False

        async def counting_receive() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the app's answer to a "disconnected" client is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _answer(send, 413, _too_large(limit))


# When the backend is on another origin (API_URL), the browser sends cookies with Reflex's upload request
# only if it is made "with credentials"; Reflex's uploader does not ask for that, so this head script does.
UPLOAD_WITH_CREDENTIALS_JS = """
(() => {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    open.call(this, method, url, ...rest);
    if (String(url).split("?")[0].endsWith("%s")) this.withCredentials = true;
  };
})();
"""


def head_scripts() -> list:
    import reflex as rx

    if not get_settings().api_url:
        return []
    return [rx.script(UPLOAD_WITH_CREDENTIALS_JS % upload_path())]
