"""A tiny HTTP server on 127.0.0.1 standing in for a third-party API (Stripe, Overpass, Nominatim): it
records each request and answers with what the test queued, in the shape the real API returns."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def form(self) -> dict:
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Loopback:
    responses: list[tuple[int, object]] = field(default_factory=list)  # (status, json body) served in order
    default: tuple[int, object] = (200, {})
    seen: list[Seen] = field(default_factory=list)
    url: str = ""

    def reply(self, status: int, body: object) -> None:
        self.responses.append((status, body))


def serve() -> tuple[Loopback, ThreadingHTTPServer]:
    state = Loopback()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            state.seen.append(
                Seen(self.command, parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            )
            status, body = state.responses.pop(0) if state.responses else state.default
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
