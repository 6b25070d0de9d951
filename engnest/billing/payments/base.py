"""The payment-provider interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Checkout:
    external_id: str
    url: str


@dataclass(frozen=True)
class PaymentEvent:
    kind: str  # "paid" | "expired"
    external_id: str
    purchase_id: int | None
    amount_cents: int | None
    currency: str | None


class InvalidWebhook(Exception):
    """A webhook that is not from the provider (bad or missing signature, unreadable body)."""


@dataclass(frozen=True)
class CheckoutRequest:
    purchase_id: int
    user_id: int
    description: str
    amount_cents: int
    currency: str
    success_url: str
    cancel_url: str
    customer_email: str = ""


class PaymentProvider(ABC):
    name: str = "abstract"

    @abstractmethod
    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        """Start a hosted checkout; the browser is sent to `Checkout.url`."""

    @abstractmethod
    def parse_webhook(self, payload: bytes, headers: Mapping[str, str]) -> PaymentEvent | None:
        """Verify and read a provider callback: the event, None for events we ignore, InvalidWebhook if forged."""
