"""Stripe Checkout through the official `stripe` SDK: a hosted payment page per purchase, and signed webhooks.

Credits are granted only from the verified `checkout.session.completed` webhook (payment_status 'paid') or
`checkout.session.async_payment_succeeded`, never from the browser's return to the success URL.
"""

from __future__ import annotations

from collections.abc import Mapping

import stripe

from engnest.billing.payments.base import Checkout, CheckoutRequest, InvalidWebhook, PaymentEvent, PaymentProvider

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
EXPIRED_EVENTS = {"checkout.session.expired", "checkout.session.async_payment_failed"}


class StripeCheckout(PaymentProvider):
    name = "stripe"

    def __init__(self, *, api_key: str, webhook_secret: str, api_base: str | None = None) -> None:
        options = {"base_addresses": {"api": api_base}} if api_base else {}
        self.client = stripe.StripeClient(api_key, max_network_retries=2, **options)
        self.webhook_secret = webhook_secret

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        params = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency,
                        "unit_amount": request.amount_cents,
                        "product_data": {"name": request.description},
                    },
                }
            ],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "client_reference_id": str(request.purchase_id),
            "metadata": {"purchase_id": str(request.purchase_id), "user_id": str(request.user_id)},
        }
        if request.customer_email:
            params["customer_email"] = request.customer_email
        session = self.client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"engnest-purchase-{request.purchase_id}"}
        )
        return Checkout(external_id=session.id, url=session.url)

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        signature = headers.get("stripe-signature") or headers.get("Stripe-Signature")
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidWebhook(str(exc)) from exc
        if event.type not in PAID_EVENTS | EXPIRED_EVENTS:
            return None
        obj = event.data.object.to_dict()
        if event.type == "checkout.session.completed" and obj.get("payment_status") != "paid":
            return None  # delayed payment methods: wait for async_payment_succeeded
        metadata = obj.get("metadata") or {}
        raw_id = metadata.get("purchase_id") or obj.get("client_reference_id")
        return PaymentEvent(
            kind="paid" if event.type in PAID_EVENTS else "expired",
            external_id=str(obj.get("id")),
            purchase_id=int(raw_id) if raw_id and str(raw_id).isdigit() else None,
            amount_cents=obj.get("amount_total"),
            currency=obj.get("currency"),
        )
