"""engnest.accounts.pages."""
