"""Month and week grids of meetings in the viewer's timezone (pure; DST-correct through zoneinfo).

Weeks start on Monday. A meeting sits on the local day it starts; in the week view its box is placed by
local wall-clock time (so on a 23- or 25-hour DST day a 10:00 meeting is still drawn at 10:00).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from engnest.platform.domain.timezones import to_local


@dataclass(frozen=True)
class CalendarItem:
    id: int
    start_at: dt.datetime  # aware UTC
    end_at: dt.datetime
    status: str
    title: str


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    is_today: bool
    items: list[tuple[CalendarItem, dt.datetime, dt.datetime]] = field(default_factory=list)  # item, local start/end


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_to_show(viewed: dt.date, today: dt.date) -> dt.date:
    """Switching a month view to the week view: the current week when the month viewed is this month, else
    the month's first week that starts in it (so the week shown is in the month that was on screen)."""
    if (viewed.year, viewed.month) == (today.year, today.month):
        return today
    first = viewed.replace(day=1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _place(items: list[CalendarItem], tz: str, cells: dict[dt.date, DayCell]) -> None:
    for item in sorted(items, key=lambda i: (i.start_at, i.id)):
        start, end = to_local(item.start_at, tz), to_local(item.end_at, tz)
        cell = cells.get(start.date())
        if cell is not None:
            cell.items.append((item, start, end))


def month_grid(year: int, month: int, tz: str, items: list[CalendarItem], today: dt.date) -> list[list[DayCell]]:
    """Whole weeks covering the month (4 to 6 rows of 7 days)."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    start, end = week_start(first), week_start(last) + dt.timedelta(days=6)
    cells: dict[dt.date, DayCell] = {}
    day = start
    while day <= end:
        cells[day] = DayCell(day, day.month == month, day == today)
        day += dt.timedelta(days=1)
    _place(items, tz, cells)
    ordered = list(cells.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def week_days(anchor: dt.date, tz: str, items: list[CalendarItem], today: dt.date) -> list[DayCell]:
    start = week_start(anchor)
    cells = {start + dt.timedelta(days=i): DayCell(start + dt.timedelta(days=i), True, start + dt.timedelta(days=i) == today) for i in range(7)}
    _place(items, tz, cells)
    return list(cells.values())


def day_position(local_start: dt.datetime, local_end: dt.datetime) -> tuple[float, float]:
    """(top, height) as percentages of a 24-hour column, from wall-clock times; clipped at midnight."""
    start_min = local_start.hour * 60 + local_start.minute
    if local_end.date() > local_start.date():
        end_min = 24 * 60
    else:
        end_min = local_end.hour * 60 + local_end.minute
    end_min = max(end_min, start_min + 15)
    top = start_min / (24 * 60) * 100
    height = min(100 - top, (end_min - start_min) / (24 * 60) * 100)
    return round(top, 3), round(height, 3)


def range_utc(first_local: dt.date, last_local: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """A UTC window surely covering local days first..last (a day of slack for any offset)."""
    start = dt.datetime.combine(first_local - dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    end = dt.datetime.combine(last_local + dt.timedelta(days=2), dt.time(), tzinfo=dt.timezone.utc)
    return start, end
