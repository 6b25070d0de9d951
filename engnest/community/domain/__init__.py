"""engnest.community.domain."""
