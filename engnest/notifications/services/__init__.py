"""engnest.notifications.services."""
