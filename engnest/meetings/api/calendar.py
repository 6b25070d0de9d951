"""`/calendar`: your meetings in a time window as JSON (the same meetings, times and UIDs as your .ics calendar
feed and the meetings' .ics files), and the feed itself: turned on with a new secret URL (shown once), or off."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from engnest.meetings.api.schemas import MeetingItemPublic
from engnest.meetings.domain.meeting_input import MAX_DAYS_AHEAD
from engnest.meetings.services import calendar_feed, meeting_clock, meeting_views
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, ApiError
from engnest.platform.api.schemas import Utc
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings

router = APIRouter(tags=["calendar"], responses=ERROR_RESPONSES)
MAX_SPAN = dt.timedelta(days=430)
DEFAULT_AHEAD = dt.timedelta(days=MAX_DAYS_AHEAD + 1)  # no meeting starts later


class CalendarPublic(BaseModel):
    start: Utc
    end: Utc
    items: list[MeetingItemPublic] = Field(description="Meetings starting in [start, end), soonest first (every status).")


class FeedPublic(BaseModel):
    on: bool
    created_at: Utc | None = Field(None, description="When the current URL was made.")
    url: str | None = Field(None, description="The secret feed URL: only in the answer that made it.")


def _window(start: dt.datetime | None, end: dt.datetime | None, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Default: the calendar feed's window (FEED_HISTORY_DAYS back, a year ahead). Times without a zone are UTC."""
    first = ensure_aware_utc(start) if start else now - dt.timedelta(days=calendar_feed.FEED_HISTORY_DAYS)
    last = ensure_aware_utc(end) if end else now + DEFAULT_AHEAD
    if last <= first:
        raise ApiError(422, "invalid", "`end` must be after `start`.", fields={"end": "must be after start"})
    if last - first > MAX_SPAN:
        raise ApiError(422, "invalid", f"Ask for at most {MAX_SPAN.days} days at a time.", fields={"end": "window too long"})
    return first, last


def _calendar(*, session: Session, caller: Caller, start: dt.datetime | None, end: dt.datetime | None) -> CalendarPublic:
    now = utcnow()
    first, last = _window(start, end, now)
    meeting_clock.do_catch_up(session=session, user_id=caller.user_id, now=now)
    items = meeting_views.calendar_items(session=session, user_id=caller.user_id, start=first, end=last)
    return CalendarPublic(start=first, end=last, items=[MeetingItemPublic.of(i) for i in items])


@router.get("/calendar", response_model=CalendarPublic, summary="Your meetings in a time window (default: the feed's window)")
async def read_calendar(
    caller: Caller = Depends(reader),
    start: Annotated[dt.datetime | None, Query(description="RFC 3339; default 60 days ago.")] = None,
    end: Annotated[dt.datetime | None, Query(description="RFC 3339, exclusive; default a year ahead.")] = None,
) -> CalendarPublic:
    return await in_session(_calendar, caller=caller, start=start, end=end)


def _feed(*, session: Session, caller: Caller) -> FeedPublic:
    row = calendar_feed.feed_of(session=session, user_id=caller.user_id)
    return FeedPublic(on=row is not None, created_at=row.created_at if row is not None else None)


@router.get("/calendar/feed", response_model=FeedPublic, summary="Whether your calendar feed is on (never its URL)")
async def read_feed(caller: Caller = Depends(reader)) -> FeedPublic:
    return await in_session(_feed, caller=caller)


def _new_feed(*, session: Session, caller: Caller) -> FeedPublic:
    now = utcnow()
    path = calendar_feed.do_regenerate_feed(session=session, user_id=caller.user_id, now=now)
    return FeedPublic(on=True, created_at=now, url=get_settings().backend_url + path)


@router.post("/calendar/feed", response_model=FeedPublic, status_code=201,
             summary="Turn your calendar feed on with a new secret URL (the previous URL stops working)")
async def new_feed(response: Response, caller: Caller = Depends(writer)) -> FeedPublic:
    response.headers["Cache-Control"] = "no-store"
    return await in_session(_new_feed, caller=caller)


@router.delete("/calendar/feed", status_code=204, response_class=Response, summary="Turn your calendar feed off")
async def turn_off_feed(caller: Caller = Depends(writer)) -> Response:
    await in_session(calendar_feed.do_turn_off_feed, user_id=caller.user_id)
    return Response(status_code=204)
