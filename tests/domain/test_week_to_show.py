"""Issue 18 (8): the Week view opens in the month that was on screen, not on the current week."""

from __future__ import annotations

import datetime as dt

from engnest.meetings.domain.calendar_view import week_start, week_to_show

TODAY = dt.date(2026, 11, 30)  # a Monday


def test_this_month_opens_on_the_current_week():
    assert week_to_show(dt.date(2026, 11, 1), TODAY) == TODAY


def test_another_month_opens_on_its_first_week_that_starts_in_it():
    shown = week_to_show(dt.date(2026, 12, 1), TODAY)  # 1 Dec 2026 is a Tuesday
    assert shown == dt.date(2026, 12, 7) and week_start(shown) == shown
    assert week_to_show(dt.date(2027, 2, 1), TODAY) == dt.date(2027, 2, 1)  # 1 Feb 2027 is a Monday
    assert week_to_show(dt.date(2026, 10, 1), TODAY).month == 10
