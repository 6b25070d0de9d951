"""engnest.messaging.models."""
