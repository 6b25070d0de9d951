"""Reflex's upload endpoint on the running app (issue 9, item 7): a huge body is refused as soon as it passes
the limit (the server stops reading, so temporary disk stays bounded), a body that declares a huge length
is refused before it is sent, and a client without a session is refused. The normal photo upload is
covered by test_settings_and_photo.py.

Raw sockets, so the test sees exactly how much of the body the server took before it answered.
"""

from __future__ import annotations

import select
import socket
import time
import uuid
from urllib.parse import urlsplit

from reflex.utils.format import format_event_handler

from e2e.flows import sign_up, wait_for_profile_page
from engnest.accounts.state.session import COOKIE_NAME
from engnest.profiles.pages.editors import AvatarState

HANDLER = format_event_handler(AvatarState.upload)
BOUNDARY = "engnestboundary"
CHUNK = 256 * 1024
HUGE = 96 * 1024 * 1024  # what an attacker would send (1.5 GB was seen); the old endpoint read all of it


def _session_cookie(page) -> str:
    sign_up(page, f"upl-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(page)
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE_NAME)


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=30)


def _head(url: str, cookie: str | None, extra: str) -> bytes:
    lines = [
        "POST /_upload HTTP/1.1",
        f"Host: {urlsplit(url).netloc}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        f"Reflex-Client-Token: {uuid.uuid4()}",  # made up: no tab has it
        f"Reflex-Event-Handler: {HANDLER}",
        *([f"Cookie: {COOKIE_NAME}={cookie}"] if cookie else []),
        extra,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _part_head() -> bytes:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n'.encode()


def _status(sock: socket.socket, deadline: float) -> int:
    data = b""
    while b"\r\n" not in data and time.monotonic() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def _send_chunked_until_answered(url: str, cookie: str) -> tuple[int, int]:
    """Stream a chunked body of up to HUGE bytes; stop when the server answers. Returns (status, bytes sent)."""
    with _connect(url) as sock:
        sock.sendall(_head(url, cookie, "Transfer-Encoding: chunked"))
        block = b"\0" * CHUNK
        frame = f"{len(block):x}\r\n".encode() + block + b"\r\n"
        first = _part_head()
        sock.sendall(f"{len(first):x}\r\n".encode() + first + b"\r\n")
        sent = len(first)
        while sent < HUGE:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(block)
        return _status(sock, time.monotonic() + 30), sent


def test_a_huge_chunked_upload_is_cut_off_at_the_limit(page, live_app):
    cookie = _session_cookie(page)
    started = time.monotonic()
    status, sent = _send_chunked_until_answered(live_app.url, cookie)
    assert status == 413
    # The server stopped reading at the limit (about 8 MB); what else went out sat in socket buffers.
    assert sent < 48 * 1024 * 1024, f"{sent / 2**20:.0f} MB sent before the server answered"
    assert time.monotonic() - started < 60


def test_a_declared_huge_length_is_refused_before_the_body_is_sent(page, live_app):
    cookie = _session_cookie(page)
    with _connect(live_app.url) as sock:
        sock.sendall(_head(live_app.url, cookie, "Content-Length: 1500000000"))
        assert _status(sock, time.monotonic() + 30) == 413


def test_an_upload_without_a_session_is_refused(live_app):
    body = _part_head() + b"\x89PNG not really" + f"\r\n--{BOUNDARY}--\r\n".encode()
    for cookie in (None, "forged-session-token"):
        with _connect(live_app.url) as sock:
            sock.sendall(_head(live_app.url, cookie, f"Content-Length: {len(body)}") + body)
            assert _status(sock, time.monotonic() + 30) == 401
