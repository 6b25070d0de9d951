"""engnest.messaging.services."""
