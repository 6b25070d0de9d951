"""Buying credits: a purchase row per checkout, credited exactly once when the provider confirms payment."""

from __future__ import annotations

import datetime as dt
import logging

from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.billing.domain.credits import check_pack
from engnest.billing.models import CreditPurchase
from engnest.billing.payments.base import CheckoutRequest, PaymentEvent, PaymentProvider
from engnest.billing.services import credits
from engnest.platform.domain.errors import ValidationFailed

log = logging.getLogger(__name__)


def check_start_purchase(
    *,
    session: Session,
    user_id: int,
    pack_key: str,
    provider: PaymentProvider | None,
    currency: str,
    success_url: str,
    cancel_url: str,
    now: dt.datetime,
) -> tuple[CreditPurchase, str]:
    """Record a pending purchase and open the provider's checkout; returns it and the URL to send the browser to."""
    if provider is None:
        raise ValidationFailed(pack="Buying credits is not available on this server.")
    pack = check_pack(pack_key)
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    purchase = CreditPurchase(
        user_id=user_id, provider=provider.name, pack=pack.key, credits=pack.credits,
        amount_cents=pack.amount_cents, currency=currency.lower(), created_at=now,
    )
    session.add(purchase)
    session.commit()
    try:
        checkout = provider.create_checkout(
            CheckoutRequest(
                purchase_id=purchase.id, user_id=user_id, description=f"EngNest meeting credits ({pack.label})",
                amount_cents=pack.amount_cents, currency=currency.lower(), success_url=success_url,
                cancel_url=cancel_url, customer_email=user.email,
            )
        )
    except Exception:
        log.exception("checkout creation failed for purchase %s", purchase.id)
        purchase.status = "failed"
        session.add(purchase)
        session.commit()
        raise ValidationFailed(pack="The payment page could not be opened. Nothing was charged; please try again.") from None
    purchase.external_id = checkout.external_id
    session.add(purchase)
    session.commit()
    return purchase, checkout.url


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
            session.commit()
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
    session.commit()
    return row is not None


def recent_purchases(*, session: Session, user_id: int, limit: int = 20) -> list[CreditPurchase]:
    return list(
        session.exec(select(CreditPurchase).where(CreditPurchase.user_id == user_id).order_by(CreditPurchase.id.desc()).limit(limit))
    )
