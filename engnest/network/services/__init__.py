"""engnest.network.services."""
