"""engnest.profiles."""
