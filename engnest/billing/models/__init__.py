"""Billing tables: the meeting-credit ledger and purchases."""

from engnest.billing.models.credits import CreditEntry, CreditPurchase

__all__ = ["CreditEntry", "CreditPurchase"]
