"""engnest.profiles.services."""
