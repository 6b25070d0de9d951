"""iCalendar (RFC 5545) files for meetings, with the `icalendar` library. Times are written in UTC ('Z'),
which every calendar app converts to its own timezone, so no VTIMEZONE is needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from engnest.platform.domain.timezones import ensure_aware_utc

PRODID = "-//EngNest//Meetings//EN"
ICS_STATUS = {
    "pending": "TENTATIVE",
    "countered": "TENTATIVE",
    "accepted": "CONFIRMED",
    "completed": "CONFIRMED",
    "declined": "CANCELLED",
    "cancelled": "CANCELLED",
}


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    start_at: dt.datetime
    end_at: dt.datetime
    summary: str
    status: str  # our meeting status
    sequence: int
    updated_at: dt.datetime
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""


def _event(item: IcsEvent, now: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", ensure_aware_utc(now))
    event.add("dtstart", ensure_aware_utc(item.start_at))
    event.add("dtend", ensure_aware_utc(item.end_at))
    event.add("last-modified", ensure_aware_utc(item.updated_at))
    event.add("summary", item.summary)
    event.add("status", ICS_STATUS.get(item.status, "TENTATIVE"))
    event.add("sequence", max(0, int(item.sequence)))
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.geo is not None:
        event.add("geo", item.geo)
    if item.url:
        event.add("url", item.url)
    return event


def build_calendar(events: Iterable[IcsEvent], *, now: dt.datetime, name: str = "EngNest meetings") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        cal.add_component(_event(item, now))
    return bytes(cal.to_ical())
