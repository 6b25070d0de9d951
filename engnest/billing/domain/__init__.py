"""engnest.billing.domain."""
