"""What a notification row shows, in the viewer's timezone (no reflex here; the dataclass is the item type
of the list var)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from engnest.notifications.domain.notification_kinds import style_for
from engnest.notifications.services.notification_centre import NotificationRow
from engnest.platform.domain.timezones import format_local, to_local


@dataclasses.dataclass
class NotificationItem:
    id: int = 0
    label: str = ""
    icon: str = "bell"
    color: str = "gray"
    title: str = ""
    body: str = ""
    time: str = ""  # "Today 14:05", "Mon 2 Nov 09:30" in the viewer's timezone
    stamp: str = ""  # full date, time and zone (tooltip)
    read: bool = False


def time_label(created: dt.datetime, tz: str, now: dt.datetime) -> str:
    local, today = to_local(created, tz), to_local(now, tz).date()
    if local.date() == today:
        return f"Today {local:%H:%M}"
    if local.date() == today - dt.timedelta(days=1):
        return f"Yesterday {local:%H:%M}"
    if local.year == today.year:
        return f"{local:%a %d %b %H:%M}"
    return f"{local:%d %b %Y %H:%M}"


def item(row: NotificationRow, *, tz: str, now: dt.datetime) -> NotificationItem:
    style = style_for(row.kind)
    return NotificationItem(
        id=row.id, label=style.label, icon=style.icon, color=style.color, title=row.title, body=row.body,
        time=time_label(row.created_at, tz, now), stamp=format_local(row.created_at, tz), read=row.read,
    )
