"""What each notification kind looks like (label and icon), which kinds are also emailed, and how long a
failed email waits before the next try. Pure: no reflex, no database, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class KindStyle:
    label: str
    icon: str  # a lucide icon name (rx.icon)
    color: str  # a Radix colour scheme


STYLES: dict[str, KindStyle] = {
    "meeting_requested": KindStyle("Meeting request", "calendar_plus", "blue"),
    "meeting_accepted": KindStyle("Meeting accepted", "calendar_check", "green"),
    "meeting_declined": KindStyle("Meeting declined", "calendar_x", "gray"),
    "meeting_countered": KindStyle("New time proposed", "calendar_clock", "amber"),
    "meeting_cancelled": KindStyle("Meeting cancelled", "calendar_x", "red"),
    "meeting_withdrawn": KindStyle("Request withdrawn", "calendar_minus", "gray"),
    "meeting_reminder": KindStyle("Reminder", "alarm_clock", "violet"),
    "meeting_started": KindStyle("Meeting started", "play", "green"),
    "review_request": KindStyle("Please review", "star", "amber"),
    "meeting_change_proposed": KindStyle("New time proposed", "calendar_sync", "amber"),
    "meeting_rescheduled": KindStyle("Meeting moved", "calendar_check_2", "green"),
    "meeting_change_declined": KindStyle("Change declined", "calendar_x", "gray"),
    "no_show_reported": KindStyle("No-show reported", "user_x", "red"),
    "no_show_disputed": KindStyle("No-show disputed", "scale", "amber"),
    "strike": KindStyle("No-show strike", "triangle_alert", "red"),
    "message": KindStyle("Message", "message_circle", "blue"),
    "friend_request": KindStyle("Friend request", "user_plus", "blue"),
    "friend_accepted": KindStyle("New friend", "user_check", "green"),
}
OTHER = KindStyle("Notification", "bell", "gray")

# Kinds that are also emailed (unless the recipient opted out).
EMAILED_KINDS = frozenset({"meeting_accepted", "meeting_reminder"})


def style_for(kind: str) -> KindStyle:
    """Every kind gets a look; one this version does not know yet still shows, as a plain notification."""
    return STYLES.get(kind, OTHER)


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the `attempts`-th failed delivery: 1, 2, 4, 8 … minutes, at most 6 hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def page_number(value: object) -> int:
    """A page number from the URL: junk, zero or negative is page 1; absurdly large stays large (an empty page)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text.isdigit() or len(text) > 6:
        return 1 if not text.isdigit() else 999_999
    return max(int(text), 1)
