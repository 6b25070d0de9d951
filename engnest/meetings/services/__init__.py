"""engnest.meetings.services."""
