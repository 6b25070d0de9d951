"""The session cookie's endpoints over HTTP: sign-in completes only by POST, from our origin, in the browser
that signed in (no login CSRF); sign-out only by POST from our origin; calendar feed URLs die when replaced."""

from __future__ import annotations

import warnings

import pytest
from factories import NOW, login_token, make_user

from engnest.accounts.auth_http import BROWSER_SECRET_COOKIE
from engnest.accounts.services import sessions
from engnest.accounts.state.session import COOKIE_NAME
from engnest.meetings.services import calendar_feed
from engnest.platform.http import http_app
from engnest.platform.settings import get_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

EVIL = "http://localhost:6666"


@pytest.fixture
def ours() -> str:
    return get_settings().allowed_origins[0]


def browser(cookies: dict[str, str] | None = None) -> TestClient:
    """One browser: its own cookie jar."""
    return TestClient(http_app(), base_url="http://localhost", cookies=cookies or {}, follow_redirects=False)


def bind(client: TestClient, origin: str) -> str:
    response = client.post("/auth/binding", headers={"Origin": origin})
    assert response.status_code == 200, response.text
    return response.json()["binding"]


def session_cookie_set(response) -> bool:
    return any(h.startswith(f"{COOKIE_NAME}=") and "Max-Age=0" not in h for h in response.headers.get_list("set-cookie"))


def test_the_binding_is_a_private_cookie_given_only_to_our_origin(ours):
    tab = browser()
    refused = tab.post("/auth/binding", headers={"Origin": EVIL})
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert tab.post("/auth/binding").status_code == 403  # no Origin at all
    binding = bind(tab, ours)
    cookie = tab.post("/auth/binding", headers={"Origin": ours}).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/auth" in cookie
    assert bind(tab, ours) == binding  # one secret per browser (two tabs signing in at once both work)
    secret = tab.cookies.get(BROWSER_SECRET_COOKIE)
    assert sessions.binding_of(secret) == binding and secret not in binding


def test_sign_in_completes_by_post_from_our_origin_in_the_browser_that_signed_in(session, ours):
    user = make_user(session)
    tab = browser()
    code = sessions.do_start_session(session=session, user=user, binding=bind(tab, ours), now=NOW)
    session.commit()  # the sign-in handler\'s unit of work

    link = tab.get(f"/auth/session?code={code}&next=/home")
    assert link.status_code == 405 and not session_cookie_set(link)
    for headers in ({"Origin": EVIL}, {}, {"Origin": "null"}):
        refused = tab.post("/auth/session", data={"code": code, "next": "/home"}, headers=headers)
        assert refused.status_code == 403 and not session_cookie_set(refused)

    done = tab.post("/auth/session", data={"code": code, "next": "/meetings"}, headers={"Origin": ours})
    assert done.status_code == 303 and done.headers["location"] == "/meetings"
    assert session_cookie_set(done) and "HttpOnly" in done.headers["set-cookie"]
    token = tab.cookies.get(COOKIE_NAME)
    assert sessions.user_for_token(session=session, token=token, now=NOW).id == user.id


def test_an_attackers_code_redeemed_by_another_browser_is_refused_and_the_victim_keeps_their_account(session, ours):
    attacker, victim = make_user(session), make_user(session)
    victim_token = login_token(session, victim)
    victim_browser = browser({COOKIE_NAME: victim_token})
    bind(victim_browser, ours)  # even a victim who has a pre-session secret of their own
    # The attacker IS able to sign in, in their own browser.
    attacker_browser = browser()
    own = sessions.do_start_session(session=session, user=attacker, binding=bind(attacker_browser, ours), now=NOW)
    session.commit()  # the sign-in handler\'s unit of work
    signed_in = attacker_browser.post("/auth/session", data={"code": own}, headers={"Origin": ours})
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/home" and session_cookie_set(signed_in)
    # The attack: the attacker keeps a fresh activation and has the victim's browser post it, from our origin.
    kept = sessions.do_start_session(session=session, user=attacker, binding=bind(attacker_browser, ours), now=NOW)
    session.commit()  # the sign-in handler\'s unit of work
    response = victim_browser.post("/auth/session", data={"code": kept, "next": "/home"}, headers={"Origin": ours})
    assert response.status_code == 303 and response.headers["location"] == "/signin?expired=1"
    assert not session_cookie_set(response)
    assert victim_browser.cookies.get(COOKIE_NAME) == victim_token
    assert sessions.user_for_token(session=session, token=victim_token, now=NOW).id == victim.id


def test_sign_out_only_by_post_from_our_origin_and_only_to_our_own_pages(session, ours):
    user = make_user(session)
    token = login_token(session, user)
    tab = browser({COOKIE_NAME: token})
    assert tab.get("/auth/signout?next=/").status_code == 405
    assert tab.post("/auth/signout", data={"next": "/"}, headers={"Origin": EVIL}).status_code == 403
    assert sessions.user_for_token(session=session, token=token, now=NOW) is not None  # still signed in

    response = tab.post("/auth/signout", data={"next": "//evil.example/x"}, headers={"Origin": ours})
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert f"{COOKIE_NAME}=" in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    assert sessions.user_for_token(session=session, token=token, now=NOW) is None
    other = browser({COOKIE_NAME: login_token(session, user)})
    assert other.post("/auth/signout", data={"next": "/?deleted=1"}, headers={"Origin": ours}).headers["location"] == "/?deleted=1"


def test_a_feed_url_answers_until_it_is_regenerated_or_turned_off(session):
    user = make_user(session)
    client = browser()
    assert client.get(f"/calendar/feed/{user.id}/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics").status_code == 404  # old URL shape
    first = calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    assert client.get(first).status_code == 200
    second = calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    assert client.get(second).headers["cache-control"] == "private, no-store"
    calendar_feed.do_turn_off_feed(session=session, user_id=user.id)
    session.commit()  # the test is the outermost caller: services never commit
    assert client.get(second).status_code == 404
