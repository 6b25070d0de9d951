"""Only our own origins (PUBLIC_URL, API_URL) may use the backend from a browser: Reflex's CORS middleware
and its socket.io server both get the list from rxconfig's `cors_allowed_origins`."""

from __future__ import annotations

import warnings

import pytest
from factories import login_token, make_user
from reflex.app import App
from reflex_base.config import get_config

import engnest.engnest  # noqa: F401  (the real app: its socket.io server and Reflex's own routes)
from engnest.accounts.state.session import COOKIE_NAME
from engnest.platform.http import http_app
from engnest.platform.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

EVIL = "http://localhost:6666"  # another port of the same host
SOCKET = "/_event/?EIO=4&transport=websocket"


@pytest.fixture
def ours() -> str:
    origins = list(get_config().cors_allowed_origins)
    assert origins == Settings().allowed_origins and "*" not in origins
    return origins[0]


@pytest.fixture
def our_routes() -> TestClient:
    """Our endpoints wrapped the way Reflex wraps an api_transformer (App._add_cors, from the config)."""
    api = http_app()
    App._add_cors(api)
    return TestClient(api, base_url="http://localhost")


def test_credentialed_reads_are_shared_with_our_origin_only(sqlite_session, our_routes, ours):
    token = login_token(sqlite_session, make_user(sqlite_session))
    url = "/calendar/meeting/0.ics"
    mine = our_routes.get(url, headers={"Origin": ours}, cookies={COOKIE_NAME: token})
    assert mine.status_code == 404  # signed in, no such meeting
    assert mine.headers["access-control-allow-origin"] == ours and mine.headers["access-control-allow-credentials"] == "true"
    theirs = our_routes.get(url, headers={"Origin": EVIL}, cookies={COOKIE_NAME: token})
    assert "access-control-allow-origin" not in theirs.headers  # the browser withholds the answer from their page
    preflight = our_routes.options(url, headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers


def test_reflex_routes_and_the_websocket_refuse_other_origins(ours):
    from engnest.engnest import app

    client = TestClient(app._api, base_url="http://localhost")
    ping = client.get("/ping", headers={"Origin": EVIL, "Cookie": f"{COOKIE_NAME}=x"})
    assert "access-control-allow-origin" not in ping.headers
    assert client.get("/ping", headers={"Origin": ours}).headers["access-control-allow-origin"] == ours

    upgrade = {"Upgrade": "websocket"}  # what a browser's handshake carries (the test client leaves it out)
    with pytest.raises(WebSocketDisconnect) as refused:
        with client.websocket_connect(SOCKET, headers={"Origin": EVIL, **upgrade}) as ws:
            ws.receive_text()
    assert "not an accepted origin" in refused.value.reason
    with client.websocket_connect(SOCKET, headers={"Origin": ours, **upgrade}) as ws:
        assert ws.receive_text().startswith("0{")  # engine.io's open packet: connected
