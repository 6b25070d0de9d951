"""Home dashboard wording: how long until a meeting, and where directions to a spot come from. Pure."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode


def countdown(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> str:
    """'in 2 days 5 h', 'in 3 h 20 min', 'in 12 min', 'starting now', 'happening now' or 'ended'."""
    if now >= end:
        return "ended"
    if now >= start:
        return "happening now"
    minutes = int((start - now).total_seconds() // 60)
    if minutes < 1:
        return "starting now"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"in {days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"in {hours} h" + (f" {mins} min" if mins else "")
    return f"in {mins} min"


def directions_url(lat: float, lon: float) -> str:
    """Directions to a spot on OpenStreetMap (the start is left to the person: we never send their home)."""
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": f"{lat:.5f},{lon:.5f}"})
