"""engnest.discovery.components."""
