"""Reliability, strikes, suspension, ratings and the meeting timers (pure rules, DST included)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from engnest.meetings.domain import meeting_timers, reliability
from engnest.meetings.domain.review_input import check_review
from engnest.platform.domain.timezones import format_local, local_to_utc

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_no_committed_meetings_means_no_score_yet():
    assert reliability.reliability(0, 0) is None


def test_reliability_is_smoothed_so_one_miss_is_not_zero():
    assert reliability.reliability(1, 1) == round(2 / 3, 4)
    assert reliability.reliability(10, 0) == 1.0
    assert reliability.reliability(10, 5) < reliability.reliability(10, 1) < reliability.reliability(10, 0)


@given(st.integers(0, 500), st.integers(0, 500))
def test_reliability_stays_between_0_and_1(committed, missed):
    score = reliability.reliability(committed, missed)
    assert score is None if committed == 0 else 0.0 <= score <= 1.0


def days(*ds):
    return [NOW - dt.timedelta(days=d) for d in ds]


def test_three_strikes_in_90_days_suspend_for_30_days_from_the_third():
    assert reliability.suspended_until(days(80, 40, 2), NOW) == NOW - dt.timedelta(days=2) + dt.timedelta(days=30)


def test_two_strikes_or_three_spread_over_more_than_90_days_do_not_suspend():
    assert reliability.suspended_until(days(40, 2), NOW) is None
    assert reliability.suspended_until(days(95, 40, 2), NOW) is None


def test_a_suspension_ends_after_30_days():
    assert reliability.suspended_until(days(70, 60, 31), NOW) is None
    assert reliability.suspended_until(days(70, 60, 29), NOW) is not None


@given(st.lists(st.integers(0, 400), max_size=8))
def test_a_suspension_always_ends_within_30_days_and_needs_3_strikes(offsets):
    until = reliability.suspended_until(days(*offsets), NOW)
    if until is not None:
        assert NOW < until <= NOW + reliability.SUSPENSION
        assert len(offsets) >= reliability.STRIKE_LIMIT


def test_rating_summary_and_label():
    assert reliability.rating_summary([5, 4, 4]) == (4.3, 3)
    assert reliability.rating_summary([]) == (None, 0)
    assert reliability.rating_label(4.3, 3) == "★ 4.3 from 3 reviews"
    assert reliability.rating_label(None, 0) == "No ratings yet"


def test_a_review_needs_stars_and_attendance_and_a_short_comment():
    assert check_review("4", "  Great  ", "yes") == (4, "Great", True)
    try:
        check_review("9", "x" * 1001, "maybe")
    except Exception as exc:  # noqa: BLE001
        assert set(exc.errors) == {"rating", "comment", "attended"}
    else:
        raise AssertionError("accepted a bad review")


def test_an_accepted_meeting_plans_reminder_start_and_end_with_stable_ids():
    start = NOW + dt.timedelta(days=3)
    timers = meeting_timers.plan(7, "accepted", start, start + dt.timedelta(hours=1), NOW)
    assert [(t.id, t.run_at) for t in timers] == [
        ("meeting:7:reminder", start - dt.timedelta(hours=24)),
        ("meeting:7:start", start),
        ("meeting:7:end", start + dt.timedelta(hours=1)),
    ]


def test_a_reminder_already_due_at_acceptance_runs_now():
    start = NOW + dt.timedelta(hours=3)
    assert meeting_timers.plan(7, "accepted", start, start + dt.timedelta(hours=1), NOW)[0].run_at == NOW


def test_later_states_plan_fewer_timers_and_final_ones_none():
    start = NOW - dt.timedelta(hours=2)
    end = start + dt.timedelta(hours=1)
    assert [t.kind for t in meeting_timers.plan(7, "in_progress", start, end, NOW)] == ["end"]
    assert [(t.kind, t.run_at) for t in meeting_timers.plan(7, "awaiting_review", start, end, NOW)] == [("close", end + dt.timedelta(days=7))]
    for status in ("pending", "countered", "declined", "cancelled", "completed", "closed"):
        assert meeting_timers.plan(7, status, start, end, NOW) == []


def test_a_strike_is_due_72_hours_after_the_report():
    assert meeting_timers.strike_timer(3, NOW).run_at == NOW + dt.timedelta(hours=72)


def test_the_day_after_new_york_springs_forward_the_reminder_is_24_real_hours_before():
    # Clocks jump 02:00 -> 03:00 on Sun 8 Mar 2026. A meeting Mon 9 Mar 10:00 EDT (14:00 UTC).
    start = local_to_utc(dt.datetime(2026, 3, 9, 10, 0), "America/New_York")
    reminder = meeting_timers.reminder_time(start)
    assert start - reminder == dt.timedelta(hours=24)
    assert reminder == dt.datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    # On the wall clock that is 10:00 EDT the day before, but 23 wall-clock hours after 10:00 EST on Saturday.
    assert format_local(reminder, "America/New_York", "%a %d %b %H:%M") == "Sun 08 Mar 10:00 EDT"
    assert format_local(start, "America/New_York", "%a %d %b %H:%M") == "Mon 09 Mar 10:00 EDT"
    assert format_local(start, "Europe/London", "%a %d %b %H:%M") == "Mon 09 Mar 14:00 GMT"


def test_the_day_after_london_falls_back_the_reminder_is_24_real_hours_before():
    # Clocks go back 02:00 BST -> 01:00 GMT on Sun 25 Oct 2026. A meeting Mon 26 Oct 09:30 GMT.
    start = local_to_utc(dt.datetime(2026, 10, 26, 9, 30), "Europe/London")
    reminder = meeting_timers.reminder_time(start)
    assert reminder == dt.datetime(2026, 10, 25, 9, 30, tzinfo=UTC)
    assert format_local(reminder, "Europe/London", "%a %d %b %H:%M") == "Sun 25 Oct 09:30 GMT"
    assert format_local(start, "America/New_York", "%a %d %b %H:%M") == "Mon 26 Oct 05:30 EDT"  # NY changes a week later
    # A meeting on the morning of the change itself: 24 real hours before is 10:30 BST on the wall clock.
    sunday = local_to_utc(dt.datetime(2026, 10, 25, 9, 30), "Europe/London")
    assert sunday == dt.datetime(2026, 10, 25, 9, 30, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    assert format_local(meeting_timers.reminder_time(sunday), "Europe/London", "%a %d %b %H:%M") == "Sat 24 Oct 10:30 BST"
