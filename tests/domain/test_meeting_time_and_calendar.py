"""Meeting times typed in a timezone (DST included), the calendar grids and the .ics files."""

import datetime as dt

import icalendar
import pytest

from engnest.meetings.domain import calendar_view as cal
from engnest.meetings.domain import meeting_input as rules
from engnest.meetings.domain.ics import IcsEvent, build_calendar
from engnest.platform.domain.errors import ValidationFailed

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_a_start_typed_in_new_york_is_stored_in_utc():
    assert rules.check_start("2026-12-03", "14:30", "America/New_York", NOW) == dt.datetime(2026, 12, 3, 19, 30, tzinfo=UTC)


def test_summer_and_winter_offsets_differ_across_a_dst_change():
    summer = rules.check_start("2027-03-27", "10:00", "Europe/London", NOW)  # GMT, the day before the change
    after = rules.check_start("2027-03-28", "10:00", "Europe/London", NOW)  # BST
    assert (summer.hour, after.hour) == (10, 9)


def test_a_time_skipped_by_the_clocks_going_forward_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        rules.check_start("2027-03-14", "02:30", "America/New_York", NOW)
    assert "does not exist" in exc.value.errors["start"]


def test_a_repeated_time_when_the_clocks_go_back_takes_the_first_one():
    start = rules.check_start("2027-11-07", "01:30", "America/New_York", NOW)
    assert start == dt.datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT (UTC-4), not EST


@pytest.mark.parametrize("date,time", [("", "10:00"), ("2026-12-01", ""), ("12/01/2026", "10:00"), ("2026-12-01", "25:00"), ("2026-13-01", "10:00"), ("2026-12-01", "10:00:00; DROP")])
def test_malformed_dates_and_times_are_refused(date, time):
    with pytest.raises(ValidationFailed) as exc:
        rules.check_start(date, time, "UTC", NOW)
    assert exc.value.errors["start"]


@pytest.mark.parametrize("minutes,ok", [(0, False), (-30, False), (10, False), (15, True), (60, True), (480, True), (495, False), (10**9, False), ("60", True), ("1e3", False), (None, False), (True, False)])
def test_durations(minutes, ok):
    if ok:
        assert rules.check_duration(minutes) == int(minutes)
    else:
        with pytest.raises(ValidationFailed):
            rules.check_duration(minutes)


def test_messages_lose_control_characters_and_have_a_limit():
    assert rules.check_message("  hi\x00 there \x07") == "hi there"
    with pytest.raises(ValidationFailed):
        rules.check_message("x" * 501)


def item(i, start, minutes=60, status="accepted"):
    return cal.CalendarItem(i, start, start + dt.timedelta(minutes=minutes), status, f"Meeting {i}")


def test_the_month_grid_starts_on_monday_and_covers_whole_weeks():
    weeks = cal.month_grid(2026, 12, "UTC", [], today=dt.date(2026, 12, 3))
    assert weeks[0][0].day == dt.date(2026, 11, 30) and weeks[-1][-1].day == dt.date(2027, 1, 3)
    assert all(len(w) == 7 for w in weeks) and len(weeks) == 5
    assert [c.day for w in weeks for c in w if c.is_today] == [dt.date(2026, 12, 3)]


def test_a_meeting_sits_on_the_local_day_of_each_viewer():
    start = dt.datetime(2026, 12, 10, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, 20:00 the day before in New York
    tokyo = cal.month_grid(2026, 12, "Asia/Tokyo", [item(1, start)], dt.date(2026, 12, 1))
    new_york = cal.month_grid(2026, 12, "America/New_York", [item(1, start)], dt.date(2026, 12, 1))
    on = lambda weeks: [(c.day, local.strftime("%H:%M")) for w in weeks for c in w for _, local, _ in c.items]  # noqa: E731
    assert on(tokyo) == [(dt.date(2026, 12, 10), "10:00")]
    assert on(new_york) == [(dt.date(2026, 12, 9), "20:00")]


def test_week_view_positions_use_wall_clock_time_on_dst_days():
    # 28 March 2027: London skips 01:00-02:00. A 10:00 BST meeting must still be drawn at 10:00.
    start = dt.datetime(2027, 3, 28, 9, 0, tzinfo=UTC)
    days = cal.week_days(dt.date(2027, 3, 28), "Europe/London", [item(1, start)], dt.date(2027, 3, 1))
    [(_, local_start, local_end)] = [x for d in days for x in d.items]
    assert local_start.strftime("%H:%M %Z") == "10:00 BST"
    top, height = cal.day_position(local_start, local_end)
    assert top == pytest.approx(10 / 24 * 100, abs=1e-3) and height == pytest.approx(100 / 24, abs=1e-3)


def test_a_late_meeting_is_clipped_at_midnight_in_the_week_view():
    local_start = dt.datetime(2026, 12, 1, 23, 30)
    top, height = cal.day_position(local_start, local_start + dt.timedelta(hours=2))
    assert top + height == pytest.approx(100)


def test_month_navigation_wraps_years():
    assert cal.shift_month(2026, 12, 1) == (2027, 1) and cal.shift_month(2027, 1, -1) == (2026, 12)
    assert cal.shift_month(2026, 5, -17) == (2024, 12)


def test_an_ics_file_imports_with_the_exact_utc_instant():
    start = dt.datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    data = build_calendar(
        [IcsEvent("meeting-1@engnest", start, start + dt.timedelta(hours=1), "EngNest: meet Ben", "accepted", 2, NOW,
                  description="Line one\nLine two", location="CASIS, Kawasaki", geo=(35.53, 139.70), url="http://x/meetings/1")],
        now=NOW,
    )
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == start and event.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert str(event["status"]) == "CONFIRMED" and int(event["sequence"]) == 2
    assert b"DTSTART:20261210T010000Z" in data and b"BEGIN:VCALENDAR" in data
