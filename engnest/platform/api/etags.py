"""`ETag` / `If-None-Match` on reads: a successful GET answer carries a weak ETag of its body; a client that sends
it back gets 304 with no body when nothing changed. The endpoint still runs in full (token, scope, rate limit and
the read itself), so a 304 is only ever given to a caller who may read the answer right now."""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class ETagMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:  # errors and anything else pass straight through
                    await send(message)
                return
            assert start is not None
            if start["status"] != 200:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            etag = etag_of(body)
            headers = MutableHeaders(scope=start)
            headers["ETag"] = etag
            headers["Cache-Control"] = "private, no-cache"
            if matches(Headers(scope=scope).get("if-none-match", ""), etag):
                del headers["content-length"]
                del headers["content-type"]
                await send({**start, "status": 304, "headers": headers.raw})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
