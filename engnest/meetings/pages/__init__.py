"""Meetings: request form with the halfway spot picker, calendar, meeting detail."""
