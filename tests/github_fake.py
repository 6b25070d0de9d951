"""A loopback stand-in for the parts of GitHub's REST API the project sync calls: /repos/{o}/{r}, its
/languages and /commits, with ETags (304 on If-None-Match), rate-limit headers, and 404 / 403 answers in the
real API's shape. Tests queue failures with `fail(status, headers)`; `seen` records each request."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

REPO = {"full_name": "ada/kiln", "description": "A solar kiln", "stargazers_count": 42, "open_issues_count": 3}
LANGUAGES = {"Python": 12000, "C": 3400}
COMMITS = [{"sha": "a" * 40, "commit": {"message": "Fire at 1200 C\n\nlong body", "committer": {"date": "2026-11-20T10:00:00Z"}}}]


@dataclass
class FakeGitHub:
    url: str = ""
    repos: dict[str, dict] = field(default_factory=lambda: {"ada/kiln": {"": REPO, "/languages": LANGUAGES, "/commits": COMMITS}})
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    remaining: int = 60
    reset: int = 1_800_000_000
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def fail(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.failures.append((status, headers or {}))

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], object]:
        self.seen.append((path, headers))
        limit = {"X-RateLimit-Limit": "60", "X-RateLimit-Reset": str(self.reset)}
        if self.failures:
            status, extra = self.failures.pop(0)
            body = {"message": "Not Found" if status == 404 else "API rate limit exceeded", "documentation_url": "https://docs.github.com/rest"}
            return status, {**limit, "X-RateLimit-Remaining": str(self.remaining), **extra}, body
        parts = path.split("/")  # /repos/<o>/<r>[/sub]
        name, sub = "/".join(parts[2:4]), ("/" + parts[4]) if len(parts) > 4 else ""
        if name not in self.repos or sub not in self.repos[name]:
            return 404, limit, {"message": "Not Found"}
        body = self.repos[name][sub]
        etag = f'W/"{abs(hash(json.dumps(body, sort_keys=True)))}"'
        if headers.get("if-none-match") == etag:
            return 304, {**limit, "X-RateLimit-Remaining": str(self.remaining), "ETag": etag}, None
        self.remaining -= 1
        return 200, {**limit, "X-RateLimit-Remaining": str(self.remaining), "ETag": etag}, body


def serve() -> tuple[FakeGitHub, ThreadingHTTPServer]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = fake.answer(urlsplit(self.path).path, {k.lower(): v for k, v in self.headers.items()})
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
