"""engnest.discovery.pages."""
