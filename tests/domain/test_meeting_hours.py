"""Issue 18 (6): a proposal at night for either person, or when places are often closed, is flagged."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from engnest.meetings.domain.meeting_hours import time_warnings

LA, LONDON = "America/Los_Angeles", "Europe/London"


def utc(local: str, tz: str) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(tz)).astimezone(dt.timezone.utc)


def test_five_pm_in_los_angeles_is_one_am_in_london_and_is_flagged_for_them():
    [night, closed] = time_warnings(utc("2026-12-02T17:00", LA), 60, my_tz=LA, their_tz=LONDON, in_person=True)
    assert night.startswith("That is 01:00–02:00 for them: at night")
    assert "no opening hours" in closed  # a place on their side of the meeting would be closed at 01:00


def test_a_daytime_meeting_for_both_has_no_warning():
    assert time_warnings(utc("2026-12-02T10:00", LONDON), 60, my_tz=LONDON, their_tz="Europe/Paris", in_person=True) == []


def test_night_for_the_requester_and_closed_places_for_an_in_person_meeting():
    notes = time_warnings(utc("2026-12-02T23:00", LONDON), 60, my_tz=LONDON, their_tz=LONDON, in_person=True)
    assert any("at night for you (23:00–00:00)" in n for n in notes)
    assert any("check that the spot is open" in n for n in notes)


def test_online_meetings_get_no_opening_hours_note_and_a_meeting_ending_at_ten_is_not_at_night():
    assert time_warnings(utc("2026-12-02T21:00", LONDON), 60, my_tz=LONDON, their_tz=LONDON, in_person=False) == []
    assert time_warnings(utc("2026-12-02T07:00", LONDON), 30, my_tz=LONDON, their_tz=LONDON, in_person=False) == []
    assert time_warnings(utc("2026-12-02T06:30", LONDON), 60, my_tz=LONDON, their_tz=LONDON, in_person=False) != []


def test_dst_day_uses_the_local_wall_clock():
    # 29 March 2026: London jumps to BST at 01:00 UTC. 23:30 UTC the day before is 23:30 GMT: night.
    start = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.timezone.utc)
    assert time_warnings(start, 30, my_tz="Asia/Tokyo", their_tz=LONDON, in_person=False)[0].startswith("That is 23:30–00:00 for them")
