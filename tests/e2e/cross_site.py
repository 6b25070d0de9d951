"""Another site on the same machine: a tiny HTTP server on its own localhost port that serves pages a test
writes, standing in for an attacker's page (another port of the same host is another origin, but the same site
for cookies)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CrossSite:
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                body = site.pages.get(self.path.split("?", 1)[0])
                data = (body or "not here").encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="cross-site", daemon=True)
        self.thread.start()

    def page(self, path: str, html: str) -> str:
        """Serve `html` at `path`; returns its URL."""
        self.pages[path] = html
        return self.url + path

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def auto_post_form(action: str, fields: dict[str, str]) -> str:
    """A page that POSTs a form to `action` as soon as it loads (what a malicious page does)."""
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    return f'<html><body><form id="f" method="POST" action="{action}">{inputs}</form><script>document.getElementById("f").submit()</script></body></html>'


# Open the app's websocket and report what happened first: "message:<engine.io open packet>" or "closed".
OPEN_SOCKET_JS = """(url) => new Promise((resolve) => {
  const ws = new WebSocket(url);
  const timer = setTimeout(() => { ws.close(); resolve("timeout"); }, 10000);
  ws.onmessage = (e) => { clearTimeout(timer); ws.close(); resolve("message:" + e.data); };
  ws.onclose = () => { clearTimeout(timer); resolve("closed"); };
})"""

# Read a URL with the browser's cookies: "status:<n>" when the page may read the answer, "blocked" when CORS refuses.
FETCH_WITH_COOKIES_JS = """(url) => fetch(url, {credentials: "include"}).then((r) => "status:" + r.status).catch(() => "blocked")"""
