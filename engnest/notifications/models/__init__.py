"""engnest.notifications.models."""
