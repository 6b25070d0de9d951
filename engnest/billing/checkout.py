"""Starting a purchase spans two units of work around the provider's call, so it lives above the services (which
never commit): the pending purchase is committed before the checkout opens (the provider's webhook must find it),
then the checkout id, or the failure, is committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from engnest.billing.models import CreditPurchase
from engnest.billing.services import purchases
from engnest.platform.domain.errors import ValidationFailed


def start_purchase(*, session: Session, request: purchases.PurchaseRequest, now: dt.datetime) -> tuple[CreditPurchase, str]:
    """Record, commit, open the provider's checkout, commit its id; returns the purchase and the URL to send the
    browser to. Refused (ValidationFailed, the purchase marked failed) if the provider could not open it."""
    purchase = purchases.do_record_purchase(session=session, request=request, now=now)
    session.commit()
    assert purchase.id is not None
    checkout = purchases.open_checkout(request, purchase.id)
    purchases.do_attach_checkout(session=session, purchase=purchase, checkout=checkout)
    session.commit()
    if checkout is None:
        raise ValidationFailed(pack=purchases.CHECKOUT_FAILED)
    return purchase, checkout.url


def buy(*, session: Session, now: dt.datetime, **raw: Any) -> tuple[CreditPurchase, str]:
    """check_start_purchase, then start_purchase: what the Credits page and tests run."""
    return start_purchase(session=session, request=purchases.check_start_purchase(session=session, **raw), now=now)
