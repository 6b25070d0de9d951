"""engnest.billing.models."""
