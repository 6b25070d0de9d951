"""engnest.network.models."""
