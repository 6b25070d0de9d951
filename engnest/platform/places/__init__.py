"""engnest.platform.places."""
