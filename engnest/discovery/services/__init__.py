"""engnest.discovery.services."""
