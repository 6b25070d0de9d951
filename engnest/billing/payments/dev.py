"""A payment provider for local use: "checkout" is a signed link back to our own server that marks the
purchase paid at once. Refused when ENGNEST_ENV=prod (see settings)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import urlencode

from engnest.billing.payments.base import Checkout, CheckoutRequest, PaymentEvent, PaymentProvider
from engnest.platform import routes


class DevPayments(PaymentProvider):
    name = "dev"

    def __init__(self, *, secret_key: str) -> None:
        self._key = secret_key.encode()

    def signature(self, external_id: str) -> str:
        return hmac.new(self._key, f"dev-payment:{external_id}".encode(), hashlib.sha256).hexdigest()

    def verify(self, external_id: str, signature: str) -> bool:
        return hmac.compare_digest(self.signature(external_id), str(signature or ""))

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        external_id = f"dev_{request.purchase_id}"
        query = urlencode({"id": external_id, "sig": self.signature(external_id), "next": request.success_url})
        return Checkout(external_id=external_id, url=f"{routes.PAYMENTS_DEV_COMPLETE}?{query}")

    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        return None  # the dev provider completes purchases through its signed link instead
