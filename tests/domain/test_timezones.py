import datetime as dt

import pytest

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import check_timezone, ensure_aware_utc, format_local, local_to_utc, to_local

UTC = dt.timezone.utc


def test_known_iana_zone_is_accepted_and_unknown_refused():
    assert check_timezone("America/New_York") == "America/New_York"
    with pytest.raises(ValidationFailed):
        check_timezone("Mars/Olympus_Mons")


def test_naive_database_values_are_read_as_utc():
    assert ensure_aware_utc(dt.datetime(2026, 1, 1, 12)) == dt.datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_new_york_wall_clock_across_the_spring_forward():
    # 2026-03-08: clocks jump from 02:00 to 03:00 in New York.
    assert local_to_utc(dt.datetime(2026, 3, 7, 9, 0), "America/New_York") == dt.datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    assert local_to_utc(dt.datetime(2026, 3, 8, 9, 0), "America/New_York") == dt.datetime(2026, 3, 8, 13, 0, tzinfo=UTC)


def test_a_time_skipped_by_the_dst_jump_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        local_to_utc(dt.datetime(2026, 3, 8, 2, 30), "America/New_York")
    assert "does not exist" in exc.value.errors["start"]


def test_an_ambiguous_time_when_clocks_go_back_takes_the_first_occurrence():
    # 2026-10-25 01:30 happens twice in London; the first is still BST (UTC+1).
    assert local_to_utc(dt.datetime(2026, 10, 25, 1, 30), "Europe/London") == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_display_uses_the_viewers_zone_and_abbreviation():
    instant = dt.datetime(2026, 7, 1, 17, 0, tzinfo=UTC)
    assert format_local(instant, "Europe/London", "%H:%M") == "18:00 BST"
    assert format_local(instant, "America/Chicago", "%H:%M") == "12:00 CDT"
    assert to_local(instant, "bogus/zone").tzinfo.key == "UTC"
