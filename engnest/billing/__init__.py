"""engnest.billing."""
