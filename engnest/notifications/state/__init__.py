"""engnest.notifications.state."""
