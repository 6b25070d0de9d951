"""engnest.network."""
