"""engnest.discovery.domain."""
