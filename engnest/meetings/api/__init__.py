"""Meetings' part of the REST API: meetings (list, request with spot proposals, accept, decline, counter, cancel,
review) and the calendar (JSON, and the .ics feed's secret URL)."""

from fastapi import APIRouter

from engnest.meetings.api import calendar, meetings

router = APIRouter()
router.include_router(meetings.router)
router.include_router(calendar.router)
