"""engnest.messaging.state."""
