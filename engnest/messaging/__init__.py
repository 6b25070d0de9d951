"""engnest.messaging."""
