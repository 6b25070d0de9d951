"""The API as mounted in the app: OpenAPI and the interactive docs are served under /api/v1, unknown paths and
methods answer the one error shape, and browsers may call it from our own origins only."""

from api_support import API, api_client, bearer, error_of
from factories import NOW, make_user
from reflex.app import App
from reflex_base.config import get_config
from starlette.testclient import TestClient

from api.test_origins import EVIL
from engnest.platform.http import http_app

OPERATIONS = {
    ("post", "/auth/login"), ("post", "/auth/refresh"), ("post", "/auth/logout"), ("get", "/users/me"), ("patch", "/users/me"), ("get", "/users/{user_id}"), ("get", "/people"), ("get", "/conversations"),
    ("get", "/conversations/{user_id}/messages"), ("post", "/conversations/{user_id}/messages"),
    ("post", "/conversations/{user_id}/read"), ("get", "/notifications"), ("post", "/notifications/{notification_id}/read"),
    ("post", "/notifications/read"), ("get", "/tokens"), ("delete", "/tokens/{token_id}"), ("get", "/friends"),
    ("post", "/friends/{user_id}/request"), ("post", "/friends/{user_id}/accept"), ("post", "/friends/{user_id}/decline"),
    ("post", "/friends/{user_id}/cancel"), ("delete", "/friends/{user_id}"),
    ("get", "/users/me/profile"), ("patch", "/users/me/profile"), ("post", "/users/me/skills"), ("delete", "/users/me/skills/{skill_id}"),
    ("get", "/blocks"), ("put", "/blocks/{user_id}"), ("delete", "/blocks/{user_id}"),
    ("get", "/meetings"), ("post", "/meetings"), ("get", "/meetings/spots"), ("get", "/meetings/{meeting_id}"),
    ("post", "/meetings/{meeting_id}/accept"), ("post", "/meetings/{meeting_id}/decline"), ("post", "/meetings/{meeting_id}/counter"),
    ("post", "/meetings/{meeting_id}/cancel"), ("post", "/meetings/{meeting_id}/review"),
    ("get", "/calendar"), ("get", "/calendar/feed"), ("post", "/calendar/feed"), ("delete", "/calendar/feed"),
}


def test_openapi_and_docs_are_served_and_every_operation_needs_a_token():
    client = api_client()
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["servers"] == [{"url": API}]
    assert {(m, p) for p, ops in schema["paths"].items() for m in ops} == OPERATIONS
    public = {"/auth/login", "/auth/refresh"}
    assert all(op.get("security") == [{"HTTPBearer": []}] for path, ops in schema["paths"].items() if path not in public for op in ops.values())
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200 and f"{API}/openapi.json" in docs.text


def test_unknown_paths_and_methods_answer_the_error_shape(sqlite_session):
    client = api_client()
    headers = bearer(sqlite_session, make_user(sqlite_session))
    assert error_of(client.get(f"{API}/nothing-here", headers=headers))["code"] == "not_found"
    wrong = client.put(f"{API}/conversations/1/messages", headers=headers)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, POST"


def test_browsers_may_call_the_api_from_our_origins_only(sqlite_session):
    api = http_app()
    App._add_cors(api)  # as Reflex wraps the api_transformer
    client = TestClient(api, base_url="http://localhost")
    ours = get_config().cors_allowed_origins[0]
    ask = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    assert client.options(f"{API}/users/me", headers={"Origin": ours, **ask}).headers["access-control-allow-origin"] == ours
    refused = client.options(f"{API}/users/me", headers={"Origin": EVIL, **ask})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_reads_carry_an_etag_and_answer_304_until_something_changes_but_never_to_a_revoked_token(sqlite_session):
    from engnest.accounts.services import accounts
    from engnest.accounts.services import api_tokens as tokens

    user = make_user(sqlite_session)
    headers = bearer(sqlite_session, user)
    client = api_client()
    first = client.get(f"{API}/users/me", headers=headers)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "private, no-cache"
    same = client.get(f"{API}/users/me", headers={**headers, "If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["ETag"] == etag
    assert same.headers["RateLimit-Limit"]  # the call was still checked and counted
    accounts.set_timezone(session=sqlite_session, user_id=user.id, timezone="Asia/Tokyo", follow_browser=False)
    sqlite_session.commit()
    changed = client.get(f"{API}/users/me", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag and changed.json()["timezone"] == "Asia/Tokyo"
    [token] = tokens.list_tokens(session=sqlite_session, user_id=user.id, now=NOW)
    tokens.do_revoke(session=sqlite_session, user_id=user.id, token_id=token.id, now=NOW)
    sqlite_session.commit()
    assert client.get(f"{API}/users/me", headers={**headers, "If-None-Match": changed.headers["ETag"]}).status_code == 401
