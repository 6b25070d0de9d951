"""engnest.accounts.state."""
