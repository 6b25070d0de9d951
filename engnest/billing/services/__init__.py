"""engnest.billing.services."""
