import datetime as dt

from engnest.discovery.domain.dashboard import countdown, directions_url

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
END = START + dt.timedelta(hours=1)


def test_the_countdown_says_days_hours_or_minutes_left_then_now_then_ended():
    assert countdown(START, END, START - dt.timedelta(days=2, hours=5, minutes=10)) == "in 2 days 5 h"
    assert countdown(START, END, START - dt.timedelta(days=1)) == "in 1 day"
    assert countdown(START, END, START - dt.timedelta(hours=3, minutes=20)) == "in 3 h 20 min"
    assert countdown(START, END, START - dt.timedelta(minutes=12, seconds=30)) == "in 12 min"
    assert countdown(START, END, START - dt.timedelta(seconds=20)) == "starting now"
    assert countdown(START, END, START + dt.timedelta(minutes=5)) == "happening now"
    assert countdown(START, END, END) == "ended"


def test_directions_point_at_the_spot_only():
    assert directions_url(51.50735, -0.12776) == "https://www.openstreetmap.org/directions?to=51.50735%2C-0.12776"
