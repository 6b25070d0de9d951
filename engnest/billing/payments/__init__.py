"""Payment providers behind one interface: Stripe Checkout for real payments, a dev provider for local use.

`provider()` returns the one chosen by PAYMENTS_PROVIDER (None when buying is off)."""

from __future__ import annotations

from engnest.billing.payments.base import Checkout, InvalidWebhook, PaymentEvent, PaymentProvider
from engnest.platform.settings import get_settings


def provider() -> PaymentProvider | None:
    s = get_settings()
    if s.payments_provider == "stripe":
        from engnest.billing.payments.stripe_checkout import StripeCheckout

        return StripeCheckout(api_key=s.stripe_secret_key or "", webhook_secret=s.stripe_webhook_secret or "", api_base=s.stripe_api_base)
    if s.payments_provider == "dev":
        from engnest.billing.payments.dev import DevPayments

        return DevPayments(secret_key=s.secret_key)
    return None


__all__ = ["Checkout", "InvalidWebhook", "PaymentEvent", "PaymentProvider", "provider"]
