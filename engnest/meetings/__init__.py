"""engnest.meetings."""
