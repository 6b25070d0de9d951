"""engnest.billing.pages."""
