"""engnest.discovery."""
