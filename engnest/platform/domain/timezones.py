"""Timezone helpers: IANA names validated with zoneinfo, UTC <-> local conversion (DST-aware)."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from engnest.platform.domain.errors import ValidationFailed

UTC = dt.timezone.utc
DEFAULT_TZ = "UTC"


@functools.cache
def all_timezones() -> tuple[str, ...]:
    return tuple(sorted(tz for tz in available_timezones() if "/" in tz or tz == "UTC"))


def check_timezone(name: str, *, field: str = "timezone") -> str:
    name = (name or "").strip()
    if name not in set(all_timezones()):
        raise ValidationFailed({field: f"Unknown timezone {name[:60]!r}; pick one from the list."})
    return name


def safe_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def ensure_aware_utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes for timezone-aware columns; everything we store is UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_local(value: dt.datetime, tz_name: str | None) -> dt.datetime:
    return ensure_aware_utc(value).astimezone(safe_zone(tz_name))


def local_to_utc(local_naive: dt.datetime, tz_name: str) -> dt.datetime:
    """Interpret a wall-clock time in `tz_name` and return it in UTC.

    Wall-clock times that do not exist (skipped by a DST jump) are refused; ambiguous ones
    (repeated when clocks go back) take the first occurrence (fold=0).
    """
    zone = safe_zone(tz_name)
    aware = local_naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local_naive.replace(tzinfo=None):
        raise ValidationFailed(
            start=f"{local_naive:%H:%M} does not exist on {local_naive:%d %b %Y} in {tz_name} "
            "(the clocks skip it); pick another time."
        )
    return aware.astimezone(UTC)


def format_local(value: dt.datetime | None, tz_name: str | None, fmt: str = "%a %d %b %Y, %H:%M") -> str:
    if value is None:
        return ""
    local = to_local(value, tz_name)
    return f"{local.strftime(fmt)} {local.tzname()}"
