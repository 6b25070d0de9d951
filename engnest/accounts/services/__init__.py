"""engnest.accounts.services."""
