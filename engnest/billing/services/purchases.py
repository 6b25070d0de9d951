"""Buying credits: a purchase row per checkout, credited exactly once when the provider confirms payment."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.billing.domain.credits import Pack, check_pack
from engnest.billing.models import CreditPurchase
from engnest.billing.payments.base import Checkout, CheckoutRequest, PaymentEvent, PaymentProvider
from engnest.billing.services import credits
from engnest.platform.domain.errors import ValidationFailed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurchaseRequest:
    user_id: int
    customer_email: str
    pack: Pack
    provider: PaymentProvider
    currency: str
    success_url: str
    cancel_url: str


CHECKOUT_FAILED = "The payment page could not be opened. Nothing was charged; please try again."


def check_start_purchase(
    *,
    session: Session,
    user_id: int,
    pack_key: str,
    provider: PaymentProvider | None,
    currency: str,
    success_url: str,
    cancel_url: str,
) -> PurchaseRequest:
    """A pack the caller may buy from a configured provider (billing.checkout.start_purchase runs it)."""
    if provider is None:
        raise ValidationFailed(pack="Buying credits is not available on this server.")
    pack = check_pack(pack_key)
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    return PurchaseRequest(user_id, user.email, pack, provider, currency.lower(), success_url, cancel_url)


def do_record_purchase(*, session: Session, request: PurchaseRequest, now: dt.datetime) -> CreditPurchase:
    """A pending purchase; the caller commits it before opening the provider's checkout (its webhook must find it)."""
    pack = request.pack
    purchase = CreditPurchase(
        user_id=request.user_id, provider=request.provider.name, pack=pack.key, credits=pack.credits,
        amount_cents=pack.amount_cents, currency=request.currency, created_at=now,
    )
    session.add(purchase)
    session.flush()
    return purchase


def open_checkout(request: PurchaseRequest, purchase_id: int) -> Checkout | None:
    """The provider's checkout for a recorded purchase (no database); None if the provider failed."""
    pack = request.pack
    try:
        return request.provider.create_checkout(
            CheckoutRequest(
                purchase_id=purchase_id, user_id=request.user_id, description=f"EngNest meeting credits ({pack.label})",
                amount_cents=pack.amount_cents, currency=request.currency, success_url=request.success_url,
                cancel_url=request.cancel_url, customer_email=request.customer_email,
            )
        )
    except Exception:
        log.exception("checkout creation failed for purchase %s", purchase_id)
        return None


def do_attach_checkout(*, session: Session, purchase: CreditPurchase, checkout: Checkout | None) -> None:
    """Record the provider's checkout id on the purchase, or that it could not be opened."""
    if checkout is None:
        purchase.status = "failed"
    else:
        purchase.external_id = checkout.external_id
    session.add(purchase)


def do_apply_payment_event(*, session: Session, provider_name: str, event: PaymentEvent, now: dt.datetime) -> bool:
    """Apply a verified provider event; True if credits were added now (False for repeats and mismatches)."""
    purchase = session.exec(
        select(CreditPurchase).where(CreditPurchase.provider == provider_name, CreditPurchase.external_id == event.external_id)
    ).first()
    if purchase is None and event.purchase_id is not None:  # the webhook can beat our own commit of external_id
        candidate = session.get(CreditPurchase, event.purchase_id)
        if candidate is not None and candidate.provider == provider_name and candidate.external_id in (None, event.external_id):
            purchase = candidate
    if purchase is None:
        log.warning("payment event for unknown checkout %s", event.external_id)
        return False
    if event.kind == "expired":
        if purchase.status == "pending":
            purchase.status = "expired"
            session.add(purchase)
        return False
    if event.amount_cents is not None and (event.amount_cents != purchase.amount_cents or (event.currency or "").lower() != purchase.currency):
        log.error("payment %s: amount %s %s does not match purchase %s", event.external_id, event.amount_cents, event.currency, purchase.id)
        return False
    credits.lock_user(session, purchase.user_id)
    row = credits.add_entry(
        session, user_id=purchase.user_id, delta=purchase.credits, kind="purchase",
        key=f"purchase:{provider_name}:{event.external_id}", purchase_id=purchase.id,
        note=f"{purchase.credits} credits", now=now,
    )
    purchase.status, purchase.external_id = "paid", event.external_id
    purchase.paid_at = purchase.paid_at or now
    session.add(purchase)
    return row is not None


def recent_purchases(*, session: Session, user_id: int, limit: int = 20) -> list[CreditPurchase]:
    return list(
        session.exec(select(CreditPurchase).where(CreditPurchase.user_id == user_id).order_by(col(CreditPurchase.id).desc()).limit(limit))
    )
