"""engnest.community.services."""
