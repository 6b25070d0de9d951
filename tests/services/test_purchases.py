import json

import pytest
import sqlalchemy as sa
import stripe
from factories import NOW, make_user

from engnest.billing import checkout
from engnest.billing.models import CreditPurchase
from engnest.billing.payments.base import InvalidWebhook
from engnest.billing.payments.dev import DevPayments
from engnest.billing.payments.stripe_checkout import StripeCheckout
from engnest.billing.services import credits, purchases
from engnest.platform.domain.errors import ValidationFailed

WEBHOOK_SECRET = "whsec_test_secret"


def stripe_provider(loopback) -> StripeCheckout:
    return StripeCheckout(api_key="sk_test_123", webhook_secret=WEBHOOK_SECRET, api_base=loopback.url)


def start(session, user, provider, pack="five"):
    return checkout.buy(
        session=session, user_id=user.id, pack_key=pack, provider=provider, currency="usd",
        success_url="http://app/credits?paid=1", cancel_url="http://app/credits", now=NOW,
    )


def checkout_session(purchase_id: int, *, status="paid", amount=1200, currency="usd", session_id="cs_test_abc") -> dict:
    return {
        "id": session_id, "object": "checkout.session", "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        "payment_status": status, "amount_total": amount, "currency": currency,
        "client_reference_id": str(purchase_id), "metadata": {"purchase_id": str(purchase_id)},
    }


def signed_event(obj: dict, kind="checkout.session.completed", event_id="evt_1") -> tuple[bytes, dict]:
    payload = json.dumps({"id": event_id, "object": "event", "type": kind, "data": {"object": obj}})
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)  # the SDK's own signer
    return payload.encode(), {"stripe-signature": header}


def test_stripe_checkout_is_created_with_the_pack_price_and_our_purchase_id(session, loopback):
    user = make_user(session, email="buyer@example.com")
    loopback.reply(200, checkout_session(1, status="unpaid"))
    purchase, url = start(session, user, stripe_provider(loopback))
    assert url == "https://checkout.stripe.com/c/pay/cs_test_abc"
    assert (purchase.status, purchase.external_id, purchase.credits, purchase.amount_cents) == ("pending", "cs_test_abc", 5, 1200)
    sent = loopback.seen[0]
    assert (sent.method, sent.path) == ("POST", "/v1/checkout/sessions")
    assert sent.headers["authorization"] == "Bearer sk_test_123"
    assert sent.headers["idempotency-key"] == f"engnest-purchase-{purchase.id}"
    form = sent.form()
    assert form["mode"] == "payment" and form["line_items[0][price_data][unit_amount]"] == "1200"
    assert form["metadata[purchase_id]"] == str(purchase.id) and form["customer_email"] == "buyer@example.com"
    assert credits.balance(session=session, user_id=user.id) == 0  # nothing until the webhook says paid


def test_a_failing_checkout_creation_is_a_clear_message_and_no_credits(session, loopback):
    user = make_user(session)
    loopback.default = (500, {"error": {"message": "boom", "type": "api_error"}})
    with pytest.raises(ValidationFailed) as exc:
        start(session, user, stripe_provider(loopback))
    assert "Nothing was charged" in exc.value.errors["pack"]
    assert session.exec(sa.select(CreditPurchase.status)).one()[0] == "failed"


def test_a_paid_webhook_replayed_twice_credits_once(session, loopback):
    user = make_user(session)
    loopback.reply(200, checkout_session(1, status="unpaid"))
    purchase, _ = start(session, user, stripe_provider(loopback))
    provider = stripe_provider(loopback)
    payload, headers = signed_event(checkout_session(purchase.id))
    results = [
        purchases.do_apply_payment_event(session=session, provider_name="stripe", event=provider.parse_webhook(payload, headers), now=NOW)
        for _ in range(2)
    ]
    assert results == [True, False]
    assert credits.balance(session=session, user_id=user.id) == 5
    session.commit()  # the webhook endpoint's unit of work
    session.expire_all()
    assert session.get(CreditPurchase, purchase.id).status == "paid"


@pytest.mark.parametrize("forgery", ["no header", "wrong secret", "tampered body", "stale timestamp"])
def test_forged_webhooks_are_refused(forgery):
    provider = StripeCheckout(api_key="sk_test_123", webhook_secret=WEBHOOK_SECRET)
    payload, headers = signed_event(checkout_session(1))
    if forgery == "no header":
        headers = {}
    elif forgery == "wrong secret":
        headers = {"stripe-signature": stripe.WebhookSignature.generate_signature_header(payload.decode(), "whsec_other")}
    elif forgery == "tampered body":
        payload = payload.replace(b'"amount_total": 1200', b'"amount_total": 1')
    else:
        headers = {"stripe-signature": stripe.WebhookSignature.generate_signature_header(payload.decode(), WEBHOOK_SECRET, timestamp=1_000_000)}
    with pytest.raises(InvalidWebhook):
        provider.parse_webhook(payload, headers)


def test_a_webhook_whose_amount_differs_from_the_purchase_credits_nothing(session, loopback):
    user = make_user(session)
    loopback.reply(200, checkout_session(1, status="unpaid"))
    purchase, _ = start(session, user, stripe_provider(loopback))
    payload, headers = signed_event(checkout_session(purchase.id, amount=1))
    event = stripe_provider(loopback).parse_webhook(payload, headers)
    assert purchases.do_apply_payment_event(session=session, provider_name="stripe", event=event, now=NOW) is False
    assert credits.balance(session=session, user_id=user.id) == 0


def test_unpaid_completion_waits_and_expiry_marks_the_purchase(session, loopback):
    user = make_user(session)
    loopback.reply(200, checkout_session(1, status="unpaid"))
    purchase, _ = start(session, user, stripe_provider(loopback))
    provider = stripe_provider(loopback)
    assert provider.parse_webhook(*signed_event(checkout_session(purchase.id, status="unpaid"))) is None
    event = provider.parse_webhook(*signed_event(checkout_session(purchase.id, status="unpaid"), kind="checkout.session.expired"))
    purchases.do_apply_payment_event(session=session, provider_name="stripe", event=event, now=NOW)
    session.commit()  # the webhook endpoint's unit of work
    session.expire_all()
    assert session.get(CreditPurchase, purchase.id).status == "expired"
    assert credits.balance(session=session, user_id=user.id) == 0


def test_events_we_do_not_handle_are_ignored():
    provider = StripeCheckout(api_key="sk_test_123", webhook_secret=WEBHOOK_SECRET)
    assert provider.parse_webhook(*signed_event({"id": "pi_1", "object": "payment_intent"}, kind="payment_intent.created")) is None


def test_the_dev_provider_signs_its_completion_link(session):
    provider = DevPayments(secret_key="k" * 40)
    user = make_user(session)
    purchase, url = start(session, user, provider, pack="one")
    assert url.startswith("/payments/dev/complete?id=dev_")
    assert provider.verify(purchase.external_id, provider.signature(purchase.external_id))
    assert not provider.verify(purchase.external_id, "0" * 64)


def test_buying_is_refused_when_payments_are_off_or_the_pack_is_unknown(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed):
        start(session, user, None)
    with pytest.raises(ValidationFailed) as exc:
        start(session, user, DevPayments(secret_key="k" * 40), pack="million")
    assert "packs" in exc.value.errors["pack"]
