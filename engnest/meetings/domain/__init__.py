"""engnest.meetings.domain."""
