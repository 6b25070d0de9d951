"""engnest.profiles.components."""
