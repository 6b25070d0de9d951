"""Meetings tables: meetings, their participants, history, reviews, calendar feeds."""

from engnest.meetings.models.meeting import CalendarFeed, Meeting, MeetingEvent, MeetingParticipant, MeetingReview

__all__ = ["CalendarFeed", "Meeting", "MeetingEvent", "MeetingParticipant", "MeetingReview"]
