"""engnest.accounts."""
