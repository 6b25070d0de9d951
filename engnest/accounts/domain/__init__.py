"""engnest.accounts.domain."""
