"""engnest.platform."""
