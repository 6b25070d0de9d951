"""engnest.platform.domain."""
