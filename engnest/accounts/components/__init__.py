"""engnest.accounts.components."""
