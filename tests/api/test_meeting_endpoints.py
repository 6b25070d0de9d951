"""The HTTP endpoints: calendar files and payment callbacks, through the real Starlette app."""

import json
import warnings

import icalendar
import pytest
import stripe
from factories import NOW, login_token, make_user
from meeting_support import pair, request

from engnest.accounts.state.session import COOKIE_NAME
from engnest.billing import checkout
from engnest.billing.services import credits
from engnest.meetings.services import calendar_feed
from engnest.platform.http import http_app
from engnest.platform.settings import reset_settings_cache

with warnings.catch_warnings():  # Starlette nudges towards httpx2; its test client works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def client():
    return TestClient(http_app(), base_url="http://testserver")


def test_a_meeting_ics_is_only_for_its_two_participants(session, client):
    a, b = pair(session)
    meeting = request(session, a, b)
    url = f"/calendar/meeting/{meeting.id}.ics"
    assert client.get(url).status_code == 401
    eve = make_user(session, complete=True, city="Tokyo, Japan")
    eve_cookie = {COOKIE_NAME: login_token(session, eve)}
    # Eve is signed in and gets the file of her own meeting.
    own = request(session, eve, b)
    assert client.get(f"/calendar/meeting/{own.id}.ics", cookies=eve_cookie).status_code == 200
    assert client.get(url, cookies=eve_cookie).status_code == 404
    assert client.get("/calendar/meeting/99999.ics", cookies={COOKIE_NAME: login_token(session, a)}).status_code == 404
    response = client.get(url, cookies={COOKIE_NAME: login_token(session, b)})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["uid"] == f"meeting-{meeting.id}@engnest"


def test_the_feed_url_works_until_it_is_reset(session, client):
    a, b = pair(session)
    request(session, a, b)
    path = calendar_feed.do_regenerate_feed(session=session, user_id=a.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    response = client.get(path)
    assert response.status_code == 200 and len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert client.get(path.replace(path.rsplit("/", 1)[1], "forged-token.ics")).status_code == 404
    calendar_feed.do_regenerate_feed(session=session, user_id=a.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    assert client.get(path).status_code == 404


@pytest.fixture
def stripe_env(monkeypatch, loopback):
    monkeypatch.setenv("PAYMENTS_PROVIDER", "stripe")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_123")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_endpoint")
    monkeypatch.setenv("STRIPE_API_BASE", loopback.url)
    reset_settings_cache()
    yield loopback
    reset_settings_cache()


def test_the_stripe_webhook_credits_once_when_replayed_twice_and_refuses_forgeries(session, client, stripe_env):
    from engnest.billing.payments import provider

    user = make_user(session)
    stripe_env.reply(200, {"id": "cs_test_777", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/cs_test_777"})
    purchase, _ = checkout.buy(
        session=session, user_id=user.id, pack_key="twelve", provider=provider(), currency="usd",
        success_url="http://x/credits?paid=1", cancel_url="http://x/credits", now=NOW,
    )
    body = json.dumps({
        "id": "evt_9", "object": "event", "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_test_777", "object": "checkout.session", "payment_status": "paid", "amount_total": 2400,
                            "currency": "usd", "metadata": {"purchase_id": str(purchase.id)}}},
    })
    header = stripe.WebhookSignature.generate_signature_header(body, "whsec_endpoint")
    for _ in range(2):
        response = client.post("/payments/stripe/webhook", content=body, headers={"Stripe-Signature": header, "Content-Type": "application/json"})
        assert response.status_code == 200
    assert credits.balance(session=session, user_id=user.id) == 12
    forged = stripe.WebhookSignature.generate_signature_header(body, "whsec_attacker")
    assert client.post("/payments/stripe/webhook", content=body, headers={"Stripe-Signature": forged}).status_code == 400
    assert credits.balance(session=session, user_id=user.id) == 12


def test_the_dev_payment_link_needs_its_signature(session, client):
    from engnest.billing.payments import provider

    user = make_user(session)
    dev = provider()
    purchase, url = checkout.buy(
        session=session, user_id=user.id, pack_key="one", provider=dev, currency="usd",
        success_url="http://localhost:3000/credits?paid=1", cancel_url="http://localhost:3000/credits", now=NOW,
    )
    assert client.get(url.replace("sig=", "sig=0"), follow_redirects=False).status_code == 404
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("/credits?paid=1")
    client.get(url, follow_redirects=False)
    assert credits.balance(session=session, user_id=user.id) == 1


def test_the_stripe_webhook_is_not_served_when_stripe_is_not_configured(client):
    assert client.post("/payments/stripe/webhook", content=b"{}").status_code == 404
