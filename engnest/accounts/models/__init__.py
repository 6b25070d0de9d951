"""engnest.accounts.models."""
