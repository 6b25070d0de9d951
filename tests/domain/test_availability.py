import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.meetings.domain.availability import Window, check_week, common_slots, day_texts, fits, intervals_utc, parse_day
from engnest.platform.domain.errors import ValidationFailed

UTC = dt.timezone.utc


def at(y, m, d, h, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=UTC)


def test_a_day_is_written_as_time_ranges_and_overlaps_are_joined():
    assert parse_day(0, "09:00-12:00, 11:30-13:00; 14-18:30") == [Window(0, 540, 780), Window(0, 840, 1110)]
    assert parse_day(6, "  ") == []
    assert parse_day(2, "20:00-24:00") == [Window(2, 1200, 1440)]


@pytest.mark.parametrize("text", ["9am-5pm", "17:00-09:00", "09:00-09:10", "25:00-26:00", "09:61-10:00", "24:30-24:45"])
def test_bad_ranges_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError, match="time range|at least"):
        parse_day(0, text)


def test_the_week_names_each_bad_day_and_round_trips_to_the_editor():
    with pytest.raises(ValidationFailed) as exc:
        check_week(["09:00-17:00", "nope", "", "", "", "", "x"])
    assert set(exc.value.errors) == {"tuesday", "sunday"}
    texts = ["09:00-12:00, 13:00-17:30", "", "", "", "18:00-22:00", "10:00-16:00", ""]
    assert day_texts(check_week(texts)) == texts
    with pytest.raises(ValidationFailed):
        check_week(["09:00-17:00"] * 6)


def test_a_london_window_keeps_its_wall_clock_hours_across_the_spring_change():
    week = check_week(["09:00-17:00"] * 7)  # London: clocks go forward on Sunday 29 March 2026 at 01:00 UTC
    days = intervals_utc(week, "Europe/London", at(2026, 3, 28, 0), at(2026, 3, 31, 0))
    assert days == [(at(2026, 3, 28, 9), at(2026, 3, 28, 17)), (at(2026, 3, 29, 8), at(2026, 3, 29, 16)), (at(2026, 3, 30, 8), at(2026, 3, 30, 16))]


def test_autumn_change_and_a_window_over_the_skipped_hour():
    week = check_week(["", "", "", "", "", "", "01:00-03:00"])  # Sundays
    # 29 March 2026: 01:00-02:00 local does not exist; 01:00 is read as GMT, 03:00 is BST: one real hour.
    assert intervals_utc(week, "Europe/London", at(2026, 3, 29, 0), at(2026, 3, 30, 0)) == [(at(2026, 3, 29, 1), at(2026, 3, 29, 2))]
    # 25 October 2026: 01:00-02:00 happens twice; fold=0 reads 01:00 as BST: 00:00-03:00 UTC, three real hours.
    assert intervals_utc(week, "Europe/London", at(2026, 10, 25, 0), at(2026, 10, 26, 0)) == [(at(2026, 10, 25, 0), at(2026, 10, 25, 3))]


def test_new_york_and_london_change_clocks_on_different_days():
    ny = check_week(["09:00-17:00"] * 5 + ["", ""])  # New York moves on 8 March 2026, London on 29 March
    assert fits(ny, "America/New_York", at(2026, 3, 9, 13), 60)  # 09:00 EDT
    assert not fits(ny, "America/New_York", at(2026, 3, 6, 13), 60)  # 08:00 EST, before the window
    assert fits(ny, "America/New_York", at(2026, 3, 6, 21), 60) and not fits(ny, "America/New_York", at(2026, 3, 9, 21), 60)


def test_common_slots_suit_both_people_in_their_own_zones():
    tokyo = check_week(["18:00-22:00"] * 7)  # 09:00-13:00 UTC
    london = check_week(["10:00-12:00"] * 7)  # 10:00-12:00 UTC in winter
    now = at(2026, 1, 5, 0)  # a Monday
    slots = common_slots(tokyo, "Asia/Tokyo", london, "Europe/London", now=now, minutes=60, days=3, per_day=2)
    assert slots[:4] == [at(2026, 1, 5, 10), at(2026, 1, 5, 11), at(2026, 1, 6, 10), at(2026, 1, 6, 11)]
    assert all(fits(tokyo, "Asia/Tokyo", s, 60) and fits(london, "Europe/London", s, 60) for s in slots)
    assert common_slots(tokyo, "Asia/Tokyo", check_week(["13:00-14:00"] * 7), "Europe/London", now=now, minutes=60) == []


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 95), st.integers(1, 96)), max_size=8),
    st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]),
    st.integers(0, 400),
)
def test_every_offered_slot_fits_both_people(raw, tz, day_offset):
    windows = [Window(d, a * 15, min(1440, (a + b) * 15)) for d, a, b in raw if (a + b) * 15 - a * 15 >= 15]
    now = at(2026, 1, 1, 0) + dt.timedelta(days=day_offset, hours=7)
    for slot in common_slots(windows, tz, windows, "Europe/Berlin", now=now, minutes=45, days=7):
        assert slot >= now and fits(windows, tz, slot, 45) and fits(windows, "Europe/Berlin", slot, 45)
