"""The free/busy feed as iCalendar (RFC 5545), with the `icalendar` library: one event per free stretch of the
person's weekly hours and one per meeting, for the weeks ahead, nothing else. Each instant is computed in the
person's own zone day by day (domain.availability.intervals_utc), so "09:00-17:00 in London" is 09:00 GMT in
winter and 08:00 UTC in summer, and written in UTC ('Z'), which every calendar app shows in its own zone.
Pure: `now` is a parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar

from engnest.meetings.domain.ics import PRODID
from engnest.platform.domain.timezones import ensure_aware_utc

FREE, BUSY = "Free for EngNest meetings", "Busy (EngNest meeting)"
Interval = tuple[dt.datetime, dt.datetime]


def _event(uid: str, start: dt.datetime, end: dt.datetime, summary: str, busy: bool, now: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", ensure_aware_utc(now))
    event.add("dtstart", ensure_aware_utc(start))
    event.add("dtend", ensure_aware_utc(end))
    event.add("summary", summary)
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")  # only meetings make the person busy elsewhere
    event.add("class", "PRIVATE")
    return event


def _stamp(at: dt.datetime) -> str:
    return f"{ensure_aware_utc(at):%Y%m%dT%H%MZ}"


def build_free_busy(free: Iterable[Interval], busy: Iterable[Interval], *, user_id: int, now: dt.datetime) -> bytes:
    """`free`: the free stretches (UTC); `busy`: meeting times (UTC). UIDs follow the instants, so an unchanged
    stretch keeps its UID from one poll to the next."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "EngNest free/busy")
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for start, end in free:
        cal.add_component(_event(f"free-{user_id}-{_stamp(start)}-{_stamp(end)}@engnest", start, end, FREE, False, now))
    for start, end in busy:
        cal.add_component(_event(f"busy-{user_id}-{_stamp(start)}-{_stamp(end)}@engnest", start, end, BUSY, True, now))
    return bytes(cal.to_ical())
