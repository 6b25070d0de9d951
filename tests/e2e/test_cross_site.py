"""Pages from another origin (another port of the same host) against a signed-in browser: they cannot use its
websocket or read our endpoints with its cookies, cannot finish an attacker's sign-in in it (login CSRF), and
cannot sign it out."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from e2e.cross_site import FETCH_WITH_COOKIES_JS, OPEN_SOCKET_JS, CrossSite, auto_post_form
from e2e.flows import sign_in, sign_out, sign_up, wait_for_profile_page


@pytest.fixture(scope="module")
def cross_site():
    site = CrossSite()
    yield site
    site.stop()


def signed_up(new_page, prefix: str) -> tuple[Page, str]:
    page = new_page()
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    return page, email


def expect_signed_in_as(page: Page, email: str) -> None:
    """The browser is (still) signed in to this account: a private page opens and names it."""
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/settings/?$"))
    expect(page.locator("[data-testid=user-menu]")).to_contain_text(email.split("@")[0])


def test_a_page_on_another_port_cannot_open_the_socket_or_read_with_the_users_cookies(new_page, live_app, cross_site):
    page, email = signed_up(new_page, "sock")
    socket_url = live_app.url.replace("http://", "ws://") + "/_event/?EIO=4&transport=websocket"
    meeting_ics = live_app.url + "/calendar/meeting/0.ics"  # signed in: 404 (no such meeting), signed out: 401

    # Our own origin: the socket opens (engine.io's open packet) and credentialed reads work.
    assert page.evaluate(OPEN_SOCKET_JS, socket_url).startswith("message:0")
    assert page.evaluate(FETCH_WITH_COOKIES_JS, meeting_ics) == "status:404"

    # Another port of the same host: the browser sends the same cookies, but the server refuses the origin.
    page.goto(cross_site.page("/probe.html", "<html><body>another site</body></html>"))
    assert page.evaluate(OPEN_SOCKET_JS, socket_url) == "closed"
    assert page.evaluate(FETCH_WITH_COOKIES_JS, meeting_ics) == "blocked"
    assert page.evaluate(FETCH_WITH_COOKIES_JS, live_app.url + "/ping") == "blocked"
    expect_signed_in_as(page, email)


def _captured_activation(attacker: Page, email: str) -> str:
    """The attacker signs in but keeps the activation request instead of sending it; returns its code."""
    kept = []

    def keep(route):
        kept.append(route.request)
        route.abort()

    attacker.route(re.compile(r"/auth/session"), keep)
    sign_in(attacker, email)
    deadline = time.monotonic() + 20
    while not kept and time.monotonic() < deadline:
        attacker.wait_for_timeout(100)  # lets Playwright dispatch the route handler; bounded by the deadline
    assert kept, "the sign-in never reached the activation step"
    attacker.unroute(re.compile(r"/auth/session"))
    request = kept[0]
    fields = {**parse_qs(urlsplit(request.url).query), **parse_qs(request.post_data or "")}
    return fields["code"][0]


def test_an_attackers_sign_in_cannot_be_finished_in_another_browser(new_page, live_app, cross_site):
    attacker, attacker_email = signed_up(new_page, "mallory")
    victim, victim_email = signed_up(new_page, "victim")
    attacker.context.clear_cookies()
    code = _captured_activation(attacker, attacker_email)

    # 1. The activation link itself, opened in the victim's browser.
    victim.goto(f"{live_app.url}/auth/session?code={quote(code)}&next=%2Fhome")
    expect_signed_in_as(victim, victim_email)

    # 2. A page on another origin posts the code.
    victim.goto(cross_site.page("/login.html", auto_post_form(live_app.url + "/auth/session", {"code": code, "next": "/home"})))
    victim.wait_for_url(re.compile("^" + re.escape(live_app.url)))
    expect_signed_in_as(victim, victim_email)

    # 3. Even a post from our own origin: the code belongs to the attacker's browser, not this one.
    with victim.expect_navigation():  # the POST's own navigation ends before we navigate again
        victim.evaluate(
            """([action, code]) => { const f = document.createElement("form"); f.method = "POST"; f.action = action;
               for (const [k, v] of [["code", code], ["next", "/home"]]) { const i = document.createElement("input");
               i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i); } document.body.appendChild(f); f.submit(); }""",
            [live_app.url + "/auth/session", code],
        )
    expect_signed_in_as(victim, victim_email)

    # The attacker's own browser signs in normally (the flow is bound, not broken).
    sign_in(attacker, attacker_email)
    expect(attacker).to_have_url(re.compile(r"/home/?$"))
    expect(attacker.locator("[data-testid=user-menu]")).to_contain_text(attacker_email.split("@")[0])


def test_another_site_cannot_sign_the_user_out(new_page, live_app, cross_site):
    page, email = signed_up(new_page, "stay")
    page.goto(cross_site.page("/img.html", f'<html><body><img src="{live_app.url}/auth/signout"></body></html>'))
    page.wait_for_load_state("load")
    expect_signed_in_as(page, email)

    page.goto(f"{live_app.url}/auth/signout?next=%2F")  # a link to it
    expect_signed_in_as(page, email)

    page.goto(cross_site.page("/out.html", auto_post_form(live_app.url + "/auth/signout", {"next": "/"})))
    page.wait_for_url(re.compile("^" + re.escape(live_app.url)))
    expect_signed_in_as(page, email)

    sign_out(page)  # our own menu still signs out
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
