"""engnest.platform.mail."""
