"""`/auth/login`, `/auth/refresh`, `/auth/logout`: the web sign-in's check and message, a short-lived access token,
refresh tokens that work once (a replayed one signs the whole family out), and sign-out that takes effect at once."""

import datetime as dt

import time_machine
from api_support import API, api_client, bearer, error_of
from factories import NOW, PASSWORD, make_user

from engnest.accounts.services.api_sign_in import ACCESS_TTL
from engnest.platform.settings import reset_settings_cache


def _login(client, email, password=PASSWORD):
    return client.post(f"{API}/auth/login", json={"email": email, "password": password})


def test_login_gives_a_working_pair_and_the_same_answer_for_a_wrong_password_or_unknown_email(session):
    user = make_user(session)
    client = api_client()
    wrong, unknown = _login(client, user.email, "not-the-password"), _login(client, "nobody@example.com")
    assert wrong.status_code == unknown.status_code == 401 and error_of(wrong)["message"] == error_of(unknown)["message"]
    pair = _login(client, user.email).json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] == ACCESS_TTL.total_seconds()
    me = client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == user.email
    # The refresh token is not an access token, and sign-in tokens are not listed among personal tokens.
    assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {pair['refresh_token']}"}).status_code == 401
    assert client.get(f"{API}/tokens", headers={"Authorization": f"Bearer {pair['access_token']}"}).json() == []


def test_the_access_token_expires_and_a_refresh_token_works_once(sqlite_session):
    user = make_user(sqlite_session)
    client = api_client()
    first = _login(client, user.email).json()
    with time_machine.travel(NOW + ACCESS_TTL + dt.timedelta(seconds=1), tick=False):
        assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {first['access_token']}"}).status_code == 401
        second = client.post(f"{API}/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
        assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {second['access_token']}"}).status_code == 200
        # The first refresh token comes back (stolen and replayed): the whole family stops working.
        replayed = client.post(f"{API}/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert replayed.status_code == 401 and error_of(replayed)["code"] == "unauthorized"
        assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {second['access_token']}"}).status_code == 401
        assert client.post(f"{API}/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401


def test_logout_ends_only_the_callers_own_sign_in(sqlite_session):
    user, eve = make_user(sqlite_session), make_user(sqlite_session)
    client = api_client()
    users_pair, eves_pair = _login(client, user.email).json(), _login(client, eve.email).json()
    personal = bearer(sqlite_session, eve)
    eve_headers = {"Authorization": f"Bearer {eves_pair['access_token']}"}
    assert client.get(f"{API}/users/me", headers=eve_headers).json()["email"] == eve.email
    assert client.post(f"{API}/auth/logout", headers=eve_headers).status_code == 204
    assert client.get(f"{API}/users/me", headers=eve_headers).status_code == 401
    assert client.post(f"{API}/auth/refresh", json={"refresh_token": eves_pair["refresh_token"]}).status_code == 401
    assert client.get(f"{API}/users/me", headers=personal).status_code == 200  # her personal token stays
    assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {users_pair['access_token']}"}).status_code == 200


def test_login_is_throttled_like_the_web_sign_in(sqlite_session, monkeypatch):
    monkeypatch.setenv("LOGIN_LIMIT_PER_ACCOUNT_CLIENT", "2/15 minutes")
    reset_settings_cache()
    user = make_user(sqlite_session)
    client = api_client()
    codes = [_login(client, user.email, "wrong-guess").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert _login(client, user.email).status_code == 429  # the right password too, until the window passes
    monkeypatch.delenv("LOGIN_LIMIT_PER_ACCOUNT_CLIENT")
    reset_settings_cache()


def test_a_refresh_token_raced_twice_gives_at_most_one_pair_and_then_signs_the_family_out(session):
    import threading

    user = make_user(session)
    client = api_client()
    pair = _login(client, user.email).json()
    barrier, answers = threading.Barrier(2), []

    def refresh() -> None:
        barrier.wait()
        answers.append(client.post(f"{API}/auth/refresh", json={"refresh_token": pair["refresh_token"]}))

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    won = [a.json() for a in answers if a.status_code == 200]
    assert len(won) <= 1 and sorted(a.status_code for a in answers)[-1] in (200, 401)
    for fresh in won:  # the loser's attempt counts as a replay: the winner's pair is revoked too
        assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {fresh['access_token']}"}).status_code == 401
    assert client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 401
