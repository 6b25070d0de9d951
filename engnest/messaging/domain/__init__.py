"""engnest.messaging.domain."""
