"""Meetings tables: meetings, their history, reviews, calendar feeds."""

from engnest.meetings.models.meeting import CalendarFeed, Meeting, MeetingEvent, MeetingReview

__all__ = ["CalendarFeed", "Meeting", "MeetingEvent", "MeetingReview"]
