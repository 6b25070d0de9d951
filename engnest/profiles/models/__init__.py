"""engnest.profiles.models."""
