"""Warnings for a proposed meeting time: night-time for either person, and in-person times when meeting places
are often closed. Pure: the start is a parameter, zones are IANA names.

The bundled place data has no opening hours (engnest/meetings/places/data/SOURCES.md), so for an in-person meeting
outside usual opening hours the warning says that the hours are unknown and should be checked.
"""

from __future__ import annotations

import datetime as dt

from engnest.platform.domain.timezones import to_local

NIGHT_STARTS, NIGHT_ENDS = 22, 7  # local hours: a meeting touching 22:00–07:00 is at night
USUALLY_OPEN, USUALLY_CLOSED = 8, 20  # libraries and cafés: outside these hours many are closed


def _minutes(t: dt.datetime) -> int:
    return t.hour * 60 + t.minute


def _overlaps_night(start: dt.datetime, end: dt.datetime) -> bool:
    """Whether local [start, end) touches 22:00–07:00 (end-exclusive: a meeting ending at 22:00 is not at night)."""
    cursor = start
    while cursor < end:
        h = cursor.hour
        if h >= NIGHT_STARTS or h < NIGHT_ENDS:
            return True
        cursor = (cursor + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return False


def _outside_usual_hours(start: dt.datetime, end: dt.datetime) -> bool:
    if start.date() != end.date() and _minutes(end) > 0:
        return True
    end_minutes = _minutes(end) or 24 * 60
    return _minutes(start) < USUALLY_OPEN * 60 or end_minutes > USUALLY_CLOSED * 60


def time_warnings(start_utc: dt.datetime, duration_minutes: int, *, my_tz: str, their_tz: str, in_person: bool) -> list[str]:
    """Plain sentences for the proposal form ([] when the time is fine for both)."""
    end_utc = start_utc + dt.timedelta(minutes=max(duration_minutes, 1))
    mine = (to_local(start_utc, my_tz), to_local(end_utc, my_tz))
    theirs = (to_local(start_utc, their_tz), to_local(end_utc, their_tz))
    out: list[str] = []
    if _overlaps_night(*theirs):
        out.append(f"That is {theirs[0]:%H:%M}–{theirs[1]:%H:%M} for them: at night. Could another time suit them better?")
    if _overlaps_night(*mine):
        out.append(f"That is at night for you ({mine[0]:%H:%M}–{mine[1]:%H:%M}).")
    # The spot is near both people, so its wall clock is one of theirs: flag when either reads outside hours.
    if in_person and (_outside_usual_hours(*mine) or _outside_usual_hours(*theirs)):
        out.append(
            f"Many libraries and cafés are closed outside {USUALLY_OPEN:02d}:00–{USUALLY_CLOSED:02d}:00, and EngNest "
            "has no opening hours for its places: check that the spot is open then."
        )
    return out
