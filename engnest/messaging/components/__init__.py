"""engnest.messaging.components."""
