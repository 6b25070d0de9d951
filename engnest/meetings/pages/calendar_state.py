"""CalendarState: my meetings by month or week, and the upcoming list, in my timezone. Reloads live."""

from __future__ import annotations

import dataclasses
import datetime as dt

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.meetings.domain import calendar_view as cal
from engnest.meetings.domain.meeting_lifecycle import STATUSES
from engnest.meetings.pages.views import UpcomingRow
from engnest.meetings.services import meeting_clock, meeting_views
from engnest.meetings.services.meeting_common import TOPIC
from engnest.platform import realtime, routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.timezones import format_local, to_local


@dataclasses.dataclass
class CalItem:
    id: str
    time: str
    title: str
    status: str
    url: str
    top: str = "0%"
    height: str = "4%"


@dataclasses.dataclass
class CalDay:
    date: str
    label: str
    in_month: bool
    today: bool
    meetings: list[CalItem]


def _day(cell: cal.DayCell, label: str, positioned: bool) -> CalDay:
    items = []
    for item, start, end in cell.items:
        top, height = cal.day_position(start, end) if positioned else (0.0, 0.0)
        items.append(CalItem(str(item.id), start.strftime("%H:%M"), item.title, item.status, routes.meeting_url(item.id), f"{top}%", f"{height}%"))
    return CalDay(cell.day.isoformat(), label, cell.in_month, cell.is_today, items)


class CalendarState(rx.State):
    view: str = "month"
    anchor: str = ""
    title: str = ""
    timezone: str = "UTC"
    days: list[CalDay] = []
    upcoming: list[UpcomingRow] = []
    loaded: bool = False
    _user_id: int = 0

    async def _reload(self, user_id: int) -> None:
        now = utcnow()
        tz = self.timezone
        today = to_local(now, tz).date()
        anchor = dt.date.fromisoformat(self.anchor) if self.anchor else today
        if self.view == "week":
            first = cal.week_start(anchor)
            last = first + dt.timedelta(days=6)
        else:
            weeks = cal.month_grid(anchor.year, anchor.month, tz, [], today)
            first, last = weeks[0][0].day, weeks[-1][-1].day
        start, end = cal.range_utc(first, last, tz)
        items = await in_session(meeting_views.calendar_items, user_id=user_id, start=start, end=end)
        if self.view == "week":
            cells = cal.week_days(anchor, tz, items, today)
            self.days = [_day(c, c.day.strftime("%a %d"), True) for c in cells]
            self.title = f"Week of {first:%d %b %Y}"
        else:
            cells = [c for week in cal.month_grid(anchor.year, anchor.month, tz, items, today) for c in week]
            self.days = [_day(c, str(c.day.day), False) for c in cells]
            self.title = f"{anchor:%B %Y}"
        upcoming = await in_session(meeting_views.upcoming, user_id=user_id, now=now)
        self.upcoming = [
            UpcomingRow(when=format_local(i.start_at, tz), title=i.title, status=i.status, status_label=STATUSES[i.status], url=routes.meeting_url(i.id))
            for i in upcoming
        ]
        self.anchor, self.loaded = anchor.isoformat(), True

    async def _me(self):
        user = await caller(self)
        if user is not None:
            self._user_id, self.timezone = user.id, user.timezone
        return user

    @rx.event
    async def load(self):
        user = await self._me()
        if user is None:
            return to_sign_in(self)
        self.anchor = ""
        await in_session(meeting_clock.do_catch_up, user_id=user.id, now=utcnow())
        await self._reload(user.id)
        return None

    async def _on_meeting_push(self, topic: str, payload: dict) -> None:
        if self.loaded and self._user_id:
            await self._reload(self._user_id)

    async def _move(self, days: int = 0, months: int = 0, reset: bool = False):
        user = await self._me()
        if user is None:
            return to_sign_in(self)
        anchor = dt.date.fromisoformat(self.anchor) if self.anchor else to_local(utcnow(), self.timezone).date()
        if months:
            year, month = cal.shift_month(anchor.year, anchor.month, months)
            anchor = dt.date(year, month, 1)
        self.anchor = "" if reset else (anchor + dt.timedelta(days=days)).isoformat()
        await self._reload(user.id)
        return None

    @rx.event
    async def previous(self):
        return await (self._move(days=-7) if self.view == "week" else self._move(months=-1))

    @rx.event
    async def following(self):
        return await (self._move(days=7) if self.view == "week" else self._move(months=1))

    @rx.event
    async def today(self):
        return await self._move(reset=True)

    @rx.event
    async def set_view(self, value: str | list[str]):
        view = value if value in ("month", "week") else "month"
        if view == "week" and self.view == "month" and self.anchor:
            today = to_local(utcnow(), self.timezone).date()
            self.anchor = cal.week_to_show(dt.date.fromisoformat(self.anchor), today).isoformat()
        self.view = view
        return await self._move()


realtime.subscribe(TOPIC, CalendarState, "_on_meeting_push")
