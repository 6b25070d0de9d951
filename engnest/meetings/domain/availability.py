"""Weekly availability: the hours each person is usually free, on each weekday, in their own timezone.

A window is (weekday, start minute, end minute) of local wall-clock time (Monday = 0; end 24:00 = 1440). Local
times are turned into UTC instants day by day with zoneinfo, so a 09:00-17:00 window stays 09:00-17:00 on
both sides of a DST change (its UTC hours move). A local time skipped when clocks go forward is read with
the offset from before the change (PEP 495, fold=0): in London on 29 March 2026 "01:30" is 01:30 UTC (02:30
BST), so a 01:00-03:00 window is one real hour that night; tests/domain/test_availability.py pins this.
Pure: no database, no clock (`now` is a parameter).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from engnest.platform.domain.errors import ValidationFailed

UTC = dt.timezone.utc
DAY = 24 * 60
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_WINDOWS_PER_DAY = 6
MIN_WINDOW = 15
_RANGE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?\s*$")


@dataclass(frozen=True, order=True)
class Window:
    weekday: int  # 0 = Monday
    start: int  # minutes after local midnight
    end: int  # exclusive; 1440 = midnight at the end of the day

    def label(self) -> str:
        return f"{_hhmm(self.start)}–{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(hours: str, mins: str | None) -> int:
    h, m = int(hours), int(mins or 0)
    if m > 59 or h > 24 or (h == 24 and m):
        raise ValueError
    return h * 60 + m


def parse_day(weekday: int, text: str) -> list[Window]:
    """'09:00-12:00, 14:00-18:30' (or '9-17') → that day's windows, merged where they touch. '' → none.
    ValueError with a sentence a person can act on."""
    windows = []
    parts = [p for p in re.split(r"[,;]", text or "") if p.strip()]
    if len(parts) > MAX_WINDOWS_PER_DAY:
        raise ValueError(f"At most {MAX_WINDOWS_PER_DAY} time ranges a day.")
    for part in parts:
        match = _RANGE.match(part)
        try:
            if match is None:
                raise ValueError
            start, end = _minutes(match[1], match[2]), _minutes(match[3], match[4])
        except ValueError:
            raise ValueError(f"“{part.strip()[:20]}” is not a time range: write it like 09:00-17:30.") from None
        if end - start < MIN_WINDOW:
            raise ValueError(f"“{part.strip()[:20]}”: the end must be at least {MIN_WINDOW} minutes after the start (for a night, split it at 24:00).")
        windows.append(Window(weekday, start, end))
    return merge(windows)


def merge(windows: Iterable[Window]) -> list[Window]:
    """Sorted, with overlapping or touching windows of the same day joined."""
    out: list[Window] = []
    for w in sorted(windows):
        if out and out[-1].weekday == w.weekday and w.start <= out[-1].end:
            out[-1] = Window(w.weekday, out[-1].start, max(out[-1].end, w.end))
        else:
            out.append(w)
    return out


def check_week(texts: Sequence[str]) -> list[Window]:
    """Seven texts, Monday first → the week's windows; ValidationFailed naming each bad day ('monday', …)."""
    if len(texts) != 7:
        raise ValidationFailed(form="Give the hours for each of the seven days.")
    windows: list[Window] = []
    errors: dict[str, str] = {}
    for day, text in enumerate(texts):
        if not isinstance(text, str) or len(text) > 200:
            errors[WEEKDAYS[day].lower()] = "Write at most a few time ranges, like 09:00-17:30."
            continue
        try:
            windows += parse_day(day, text)
        except ValueError as exc:
            errors[WEEKDAYS[day].lower()] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return windows


def day_texts(windows: Iterable[Window]) -> list[str]:
    """The editor's seven texts for stored windows (the inverse of check_week)."""
    by_day: list[list[str]] = [[] for _ in WEEKDAYS]
    for w in merge(windows):
        by_day[w.weekday].append(w.label().replace("–", "-"))
    return [", ".join(parts) for parts in by_day]


def intervals_utc(windows: Iterable[Window], tz: str, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The person's free time between the UTC instants `start` and `end`, as sorted UTC intervals."""
    zone = ZoneInfo(tz)
    by_day: dict[int, list[Window]] = {}
    for w in windows:
        by_day.setdefault(w.weekday, []).append(w)
    out: list[tuple[dt.datetime, dt.datetime]] = []
    day = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = end.astimezone(zone).date()
    while day <= last:
        midnight = dt.datetime.combine(day, dt.time(0))
        for w in by_day.get(day.weekday(), []):
            a = (midnight + dt.timedelta(minutes=w.start)).replace(tzinfo=zone).astimezone(UTC)
            b = (midnight + dt.timedelta(minutes=w.end)).replace(tzinfo=zone).astimezone(UTC)
            a, b = max(a, start), min(b, end)
            if a < b:
                out.append((a, b))
        day += dt.timedelta(days=1)
    return _union(out)


def _union(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def fits(windows: Iterable[Window], tz: str, start: dt.datetime, minutes: int) -> bool:
    """Does the whole meeting [start, start + minutes) fall inside this person's free time?"""
    end = start + dt.timedelta(minutes=minutes)
    return any(a <= start and end <= b for a, b in intervals_utc(windows, tz, start - dt.timedelta(days=1), end + dt.timedelta(days=1)))


def common_slots(
    mine: Sequence[Window], my_tz: str, theirs: Sequence[Window], their_tz: str, *,
    now: dt.datetime, minutes: int, days: int = 14, step: int = 30, limit: int = 8, per_day: int = 2,
) -> list[dt.datetime]:
    """Start instants (UTC) in the next `days` when a `minutes`-long meeting suits both people: on `step`-minute
    boundaries of the requester's clock, from an hour after `now`, at most `per_day` per local day of mine, one
    after the other (not overlapping)."""
    start, end = now + dt.timedelta(hours=1), now + dt.timedelta(days=days)
    a, b = intervals_utc(mine, my_tz, start, end), intervals_utc(theirs, their_tz, start, end)
    both = [(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b if max(x0, y0) < min(x1, y1)]
    zone, length = ZoneInfo(my_tz), dt.timedelta(minutes=minutes)
    slots: list[dt.datetime] = []
    count: dict[dt.date, int] = {}
    for lo, hi in sorted(both):
        local = lo.astimezone(zone)
        skip = (-(local.minute % step)) % step
        t = (local + dt.timedelta(minutes=skip)).replace(second=0, microsecond=0).astimezone(UTC)
        if t < lo:
            t += dt.timedelta(minutes=step)
        while t + length <= hi and len(slots) < limit:
            day = t.astimezone(zone).date()
            if count.get(day, 0) < per_day:
                slots.append(t)
                count[day] = count.get(day, 0) + 1
                t += dt.timedelta(minutes=max(step, minutes))  # the next offer that day starts after this one ends
            else:
                t += dt.timedelta(minutes=step)
    return slots


def fit_notes(start: dt.datetime, minutes: int, mine: Sequence[Window], my_tz: str, theirs: Sequence[Window], their_tz: str) -> list[str]:
    """Warnings for a proposed time outside either person's weekly availability (nothing for someone who has
    not set any: no hours means no preference)."""
    notes = []
    if mine and not fits(mine, my_tz, start, minutes):
        notes.append("This is outside your usual hours (Settings → Availability).")
    if theirs and not fits(theirs, their_tz, start, minutes):
        notes.append("This is outside the hours they are usually free: they may not be able to come.")
    return notes
