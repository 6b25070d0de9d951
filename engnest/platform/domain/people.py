"""How other people are described to a viewer: reliability, last seen. Pure; `now` is a parameter."""

from __future__ import annotations

import datetime as dt

from engnest.platform.domain.timezones import to_local


def reliability_label(value: float | None) -> str:
    """`reliability` is the share of confirmed meetings kept (0..1); None means not rated yet."""
    if value is None:
        return "New member"
    return f"{round(max(0.0, min(1.0, value)) * 100)}% reliable"


def last_seen_label(seen: dt.datetime | None, now: dt.datetime, tz_name: str | None) -> str:
    """'last seen 5 minutes ago', 'yesterday at 14:05', 'on 3 Nov' (in the viewer's timezone)."""
    if seen is None:
        return ""
    seconds = (now - seen).total_seconds()
    if seconds < 60:
        return "last seen just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"last seen {minutes} minute{'s' if minutes != 1 else ''} ago"
    local, today = to_local(seen, tz_name), to_local(now, tz_name).date()
    if local.date() == today:
        return f"last seen today at {local:%H:%M}"
    if local.date() == today - dt.timedelta(days=1):
        return f"last seen yesterday at {local:%H:%M}"
    if (today - local.date()).days < 7:
        return f"last seen {local:%A} at {local:%H:%M}"
    return f"last seen on {local.day} {local:%b %Y}"
