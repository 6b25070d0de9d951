"""The guard in front of Reflex's `/_upload` (issue 9, item 7): a body over the limit is refused before it
is read, an anonymous upload is refused, and a normal upload passes through untouched.

The app behind the guard parses the multipart body into temporary files exactly as Reflex's endpoint does
(`request.form()`), and records what it saw. The running app is covered by tests/e2e/test_upload_limits.py.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from factories import login_token, make_user
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from engnest.accounts.state.session import COOKIE_NAME
from engnest.accounts.upload_guard import UploadGuard, body_limit, upload_path

BOUNDARY = "engnestboundary"
HEADERS = {"content-type": f"multipart/form-data; boundary={BOUNDARY}", "reflex-client-token": "made-up", "reflex-event-handler": "x.upload"}


class Behind:
    """Stands in for Reflex's upload endpoint: buffers the form, records the file sizes."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.app = Starlette(routes=[Route(upload_path(), self.upload, methods=["POST"]), Route("/other", self.upload, methods=["POST"])])

    async def upload(self, request: Request):
        form = await request.form()
        sizes = [len(await f.read()) for f in form.getlist("files")]
        self.calls.append(sizes)
        return JSONResponse({"sizes": sizes})


def multipart(payload: bytes) -> bytes:
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="me.png"\r\nContent-Type: image/png\r\n\r\n'
    return head.encode() + payload + f"\r\n--{BOUNDARY}--\r\n".encode()


class Counting:
    """A chunked body of `total` bytes that counts how much of it the server pulled."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __aiter__(self):
        head = multipart(b"")[: -len(f"\r\n--{BOUNDARY}--\r\n")]
        self.sent += len(head)
        yield head
        block = b"\0" * self.chunk
        while self.sent < self.total:
            self.sent += len(block)
            yield block


@pytest.fixture
def behind():
    return Behind()


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=UploadGuard(app)), base_url="http://testserver")


def run(coro):
    return asyncio.run(coro)


def test_a_signed_in_upload_under_the_limit_reaches_the_app(sqlite_session, behind):
    token = login_token(sqlite_session, make_user(sqlite_session))

    async def go():
        async with client(behind.app) as c:
            return await c.post(upload_path(), content=multipart(b"x" * 50_000), headers=HEADERS, cookies={COOKIE_NAME: token})

    response = run(go())
    assert response.status_code == 200 and response.json() == {"sizes": [50_000]}
    assert behind.calls == [[50_000]]


def test_an_upload_without_a_valid_session_is_refused_unread(sqlite_session, behind):
    make_user(sqlite_session)

    async def go(cookies):
        async with client(behind.app) as c:
            return await c.post(upload_path(), content=multipart(b"x" * 1000), headers=HEADERS, cookies=cookies)

    assert run(go({})).status_code == 401
    assert run(go({COOKIE_NAME: "forged-token"})).status_code == 401
    assert behind.calls == []


def test_a_declared_length_over_the_limit_is_refused_before_reading(sqlite_session, behind):
    token = login_token(sqlite_session, make_user(sqlite_session))
    pulled = []

    async def receive_never():
        pulled.append(1)
        raise AssertionError("the guard read the body")

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": upload_path(), "root_path": "", "query_string": b"", "server": ("t", 80),
        "headers": [(b"content-length", b"1500000000"), (b"cookie", f"{COOKIE_NAME}={token}".encode())],
    }
    run(UploadGuard(behind.app)(scope, receive_never, send))
    assert sent[0]["status"] == 413 and pulled == [] and behind.calls == []


def test_a_chunked_body_is_cut_off_at_the_limit_with_413(sqlite_session, behind):
    token = login_token(sqlite_session, make_user(sqlite_session))
    body = Counting(total=200 * 1024 * 1024)

    async def go():
        async with client(behind.app) as c:
            return await c.post(upload_path(), content=body, headers=HEADERS, cookies={COOKIE_NAME: token})

    response = run(go())
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert body.sent <= body_limit() + 2 * body.chunk  # read no further than the limit: bounded temp disk
    assert behind.calls == []


def test_other_paths_are_not_touched(behind):
    async def go():
        async with client(behind.app) as c:
            return await c.post("/other", content=multipart(b"y" * 10), headers=HEADERS)

    assert run(go()).json() == {"sizes": [10]}
