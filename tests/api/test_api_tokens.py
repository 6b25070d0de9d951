"""Personal access tokens: stored hashed, shown once, scoped, listed and revoked by their owner only; every
call re-checks the token (a revoked or expired token fails at once)."""

import datetime as dt

import time_machine
from api_support import API, api_client, bearer, error_of
from factories import NOW, make_user
from sqlmodel import select

from engnest.accounts.models import ApiToken
from engnest.accounts.services import api_tokens as tokens
from engnest.platform.domain.errors import ValidationFailed


def test_a_token_is_stored_only_as_its_hash_and_listed_without_it(sqlite_session):
    user = make_user(sqlite_session)
    view, raw = tokens.create_token(session=sqlite_session, user_id=user.id, name="  my   script ", scope="read", expires_in_days=30, now=NOW)
    sqlite_session.commit()
    row = sqlite_session.exec(select(ApiToken)).one()
    assert raw.startswith("enk_") and len(raw) > 40
    assert row.token_hash == tokens.digest(raw) and raw not in {row.token_hash, row.name, row.hint}
    assert (view.name, view.scope, view.hint, view.expires_at) == ("my script", "read", raw[-4:], NOW + dt.timedelta(days=30))
    listed = api_client().get(f"{API}/tokens", headers={"Authorization": f"Bearer {raw}"})
    assert listed.status_code == 200 and raw not in listed.text
    assert [t["name"] for t in listed.json()] == ["my script"]


def test_bad_token_input_is_refused_field_by_field_and_writes_nothing(sqlite_session):
    user = make_user(sqlite_session)
    for name, scope, days, field in (("", "read", None, "name"), ("x" * 61, "read", None, "name"), (None, "read", None, "name"),
                                     ("ok", "admin", None, "scope"), ("ok", "read", 3, "expires_in_days"), ("ok", "read", "30", "expires_in_days")):
        try:
            tokens.create_token(session=sqlite_session, user_id=user.id, name=name, scope=scope, expires_in_days=days, now=NOW)
        except ValidationFailed as exc:
            assert field in exc.errors
        else:
            raise AssertionError(f"accepted {name!r} {scope!r} {days!r}")
    assert sqlite_session.exec(select(ApiToken)).all() == []


def test_a_user_has_at_most_twenty_live_tokens(sqlite_session):
    user = make_user(sqlite_session)
    for i in range(tokens.MAX_LIVE_TOKENS):
        tokens.create_token(session=sqlite_session, user_id=user.id, name=f"t{i}", scope="read", expires_in_days=None, now=NOW)
    try:
        tokens.create_token(session=sqlite_session, user_id=user.id, name="one more", scope="read", expires_in_days=None, now=NOW)
    except ValidationFailed as exc:
        assert "Revoke one" in exc.errors["name"]
    else:
        raise AssertionError("a 21st token was made")


def test_a_revoked_token_fails_at_once_and_only_its_owner_can_revoke_it(session):
    owner, eve = make_user(session), make_user(session)
    headers = bearer(session, owner)
    eve_headers = bearer(session, eve)
    client = api_client()
    # Eve is signed in with a valid token and revokes her own tokens' list entries only.
    assert client.get(f"{API}/users/me", headers=eve_headers).json()["email"] == eve.email
    [owner_token] = client.get(f"{API}/tokens", headers=headers).json()
    assert error_of(client.delete(f"{API}/tokens/{owner_token['id']}", headers=eve_headers))["code"] == "not_found"
    assert client.get(f"{API}/users/me", headers=headers).status_code == 200
    assert client.delete(f"{API}/tokens/{owner_token['id']}", headers=headers).status_code == 204
    gone = client.get(f"{API}/users/me", headers=headers)
    assert gone.status_code == 401 and error_of(gone)["code"] == "unauthorized" and gone.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_and_a_forged_one_are_refused(sqlite_session):
    user = make_user(sqlite_session)
    headers = bearer(sqlite_session, user, expires_in_days=7)
    client = api_client()
    assert client.get(f"{API}/users/me", headers=headers).status_code == 200
    for forged in ("", "Bearer", "Bearer enk_forged", "Basic dXNlcjpwYXNz", headers["Authorization"] + "x", "Bearer " + "enk_" + "a" * 200):
        assert client.get(f"{API}/users/me", headers={"Authorization": forged}).status_code == 401, forged
    with time_machine.travel(NOW + dt.timedelta(days=7, seconds=1), tick=False):
        assert client.get(f"{API}/users/me", headers=headers).status_code == 401


def test_a_read_only_token_cannot_write(sqlite_session):
    user = make_user(sqlite_session)
    reader, writer = bearer(sqlite_session, user, "read"), bearer(sqlite_session, user, "write")
    client = api_client()
    assert client.get(f"{API}/notifications", headers=reader).status_code == 200
    refused = client.post(f"{API}/notifications/read", headers=reader)
    assert refused.status_code == 403 and error_of(refused)["code"] == "insufficient_scope"
    assert client.post(f"{API}/notifications/read", headers=writer).status_code == 200


def test_a_deleted_account_takes_its_tokens_with_it(sqlite_session):
    from engnest.accounts.services import accounts

    user = make_user(sqlite_session)
    headers = bearer(sqlite_session, user)
    accounts.do_delete_account(session=sqlite_session, user=user)
    sqlite_session.commit()
    assert api_client().get(f"{API}/users/me", headers=headers).status_code == 401
    assert sqlite_session.exec(select(ApiToken)).all() == []


def test_users_me_changes_only_the_callers_own_settings_and_refuses_bad_input(sqlite_session):
    user, other = make_user(sqlite_session), make_user(sqlite_session)
    headers = bearer(sqlite_session, user)
    client = api_client()
    changed = client.patch(f"{API}/users/me", json={"timezone": "America/New_York", "email_notifications": False}, headers=headers)
    assert changed.status_code == 200
    assert (changed.json()["timezone"], changed.json()["email_notifications"], changed.json()["email"]) == ("America/New_York", False, user.email)
    bad = client.patch(f"{API}/users/me", json={"timezone": "Mars/Olympus", "email_notifications": True}, headers=headers)
    assert bad.status_code == 422 and "timezone" in error_of(bad)["fields"]
    sqlite_session.expire_all()
    assert (sqlite_session.get(type(user), user.id).timezone, sqlite_session.get(type(user), user.id).email_notifications) == ("America/New_York", False)
    assert sqlite_session.get(type(other), other.id).timezone == "Europe/London"  # nothing else changed
    assert client.patch(f"{API}/users/me", json={"timezone": "UTC"}, headers=bearer(sqlite_session, user, "read")).status_code == 403
