"""Meetings tables: meetings, their participants, history, reviews, calendar feeds, weekly availability."""

from engnest.meetings.models.availability import AvailabilityFeed, AvailabilityWindow
from engnest.meetings.models.meeting import CalendarFeed, Meeting, MeetingEvent, MeetingParticipant, MeetingReview

__all__ = ["AvailabilityFeed", "AvailabilityWindow", "CalendarFeed", "Meeting", "MeetingEvent", "MeetingParticipant", "MeetingReview"]
