"""engnest.notifications.domain."""
