"""Validating what someone typed into a meeting request (pure: `now` is a parameter)."""

from __future__ import annotations

import datetime as dt
import re

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import format_local, local_to_utc
from engnest.platform.domain.user_text import clean

MEETING_KINDS: dict[str, str] = {"in_person": "In person", "online": "Online"}
DURATIONS: dict[int, str] = {30: "30 minutes", 45: "45 minutes", 60: "1 hour", 90: "1½ hours", 120: "2 hours", 180: "3 hours", 240: "4 hours"}
MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MIN_LEAD_MINUTES = 30
MAX_DAYS_AHEAD = 365
MESSAGE_MAX = 500
REASON_MAX = 500

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


def check_kind(kind: str) -> str:
    if kind not in MEETING_KINDS:
        raise ValidationFailed(kind="Choose in person or online.")
    return kind


def check_duration(minutes: object) -> int:
    try:
        value = int(str(minutes).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(duration="Choose how long the meeting lasts.") from None
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise ValidationFailed(duration="Choose a duration between 15 minutes and 8 hours.")
    if value % 15:
        raise ValidationFailed(duration="Choose a duration in steps of 15 minutes.")
    return value


def parse_local(date_text: str, time_text: str) -> dt.datetime:
    """'2026-12-03' + '14:30' -> a naive wall-clock datetime."""
    date_text, time_text = (date_text or "").strip(), (time_text or "").strip()
    if not date_text or not time_text:
        raise ValidationFailed(start="Pick a date and a time.")
    if not _DATE.match(date_text) or not _TIME.match(time_text):
        raise ValidationFailed(start="Pick a date and time from the calendar and clock.")
    try:
        day = dt.date.fromisoformat(date_text)
        hour, minute = (int(part) for part in time_text.split(":")[:2])
        return dt.datetime.combine(day, dt.time(hour, minute))
    except ValueError:
        raise ValidationFailed(start="That date or time does not exist.") from None


def check_start(date_text: str, time_text: str, tz_name: str, now: dt.datetime) -> dt.datetime:
    """A start time typed in `tz_name`, as aware UTC: in the future, within a year, and a real local time
    (times skipped by a daylight-saving jump are refused)."""
    start = local_to_utc(parse_local(date_text, time_text), tz_name)
    return check_start_utc(start, now, tz_name)


def check_start_utc(start: dt.datetime, now: dt.datetime, tz_name: str = "UTC") -> dt.datetime:
    if start <= now:
        raise ValidationFailed(start="That time has already passed. Pick a time in the future.")
    if start < now + dt.timedelta(minutes=MIN_LEAD_MINUTES):
        earliest = format_local(now + dt.timedelta(minutes=MIN_LEAD_MINUTES), tz_name, "%H:%M")
        raise ValidationFailed(start=f"Give the other person some notice: pick {earliest} or later.")
    if start > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationFailed(start="Pick a date within the next 12 months.")
    return start


def clean_text(value: object) -> str:
    return clean(str(value or "")).strip()


def check_message(text: object) -> str:
    text = clean_text(text)
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(message=f"Keep the message under {MESSAGE_MAX} characters (it has {len(text):,}).")
    return text


def check_reason(text: object) -> str:
    text = clean_text(text)
    if len(text) > REASON_MAX:
        raise ValidationFailed(reason=f"Keep the reason under {REASON_MAX} characters.")
    return text
