"""engnest.meetings.components."""
