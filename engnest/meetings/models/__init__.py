"""engnest.meetings.models."""
