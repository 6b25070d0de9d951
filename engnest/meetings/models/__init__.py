"""Meetings tables: meetings, their history, reviews, calendar feeds, weekly availability."""

from engnest.meetings.models.availability import AvailabilityWindow
from engnest.meetings.models.meeting import CalendarFeed, Meeting, MeetingEvent, MeetingReview

__all__ = ["AvailabilityWindow", "CalendarFeed", "Meeting", "MeetingEvent", "MeetingReview"]
