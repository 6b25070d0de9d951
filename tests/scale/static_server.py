"""Serve the exported frontend as static files, the way a web server (nginx: `try_files $uri $uri/
$uri.html /404.html`) would in a scale-out deployment. Unknown paths get the SPA fallback page."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def send_head(self):
        root = Path(self.directory)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        candidate = root / path.lstrip("/")
        if not (candidate.is_file() or (candidate / "index.html").is_file() or candidate.with_suffix(".html").is_file()):
            self.path = "/404.html"
        elif candidate.with_suffix(".html").is_file() and not candidate.exists():
            self.path = path + ".html"
        return super().send_head()


class StaticServer:
    def __init__(self, directory: Path, port: int) -> None:
        handler = functools.partial(_Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="test-static", daemon=True)

    def start(self) -> "StaticServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
