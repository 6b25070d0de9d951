"""engnest.profiles.domain."""
