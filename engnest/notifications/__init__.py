"""engnest.notifications."""
