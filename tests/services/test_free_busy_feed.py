"""The free/busy feed (issue 18): a secret, revocable .ics URL with a person's free hours (their weekly
availability, in their zone, right on both sides of each DST change) and the times of their meetings, and
nothing that names anyone or anywhere."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from meeting_support import pair, request

from engnest.meetings.models import AvailabilityFeed
from engnest.meetings.services import availability, availability_feed, calendar_feed, meeting_actions

UTC = dt.timezone.utc
WORK_WEEK = ["09:00-17:00"] * 5 + ["", ""]


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def free_times(data: bytes) -> dict[dt.date, tuple[str, str]]:
    """UTC start and end of each free stretch, by its UTC date."""
    out = {}
    for e in events(data):
        if str(e["summary"]).startswith("Free"):
            start, end = e.decoded("dtstart"), e.decoded("dtend")
            assert start.utcoffset() == dt.timedelta(0)  # written in UTC
            out[start.date()] = (f"{start:%H:%M}", f"{end:%H:%M}")
    return out


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1].removesuffix(".ics")


@pytest.mark.parametrize(
    ("tz", "now", "before", "after", "hours_before", "hours_after"),
    [
        # UK clocks go forward on 29 March 2026 and back on 25 October 2026.
        ("Europe/London", dt.datetime(2026, 3, 20, 12, tzinfo=UTC), dt.date(2026, 3, 27), dt.date(2026, 3, 30), ("09:00", "17:00"), ("08:00", "16:00")),
        ("Europe/London", dt.datetime(2026, 10, 16, 12, tzinfo=UTC), dt.date(2026, 10, 23), dt.date(2026, 10, 26), ("08:00", "16:00"), ("09:00", "17:00")),
        # US clocks go forward on 8 March 2026 and back on 1 November 2026.
        ("America/New_York", dt.datetime(2026, 3, 2, 12, tzinfo=UTC), dt.date(2026, 3, 6), dt.date(2026, 3, 9), ("14:00", "22:00"), ("13:00", "21:00")),
        ("America/New_York", dt.datetime(2026, 10, 26, 12, tzinfo=UTC), dt.date(2026, 10, 30), dt.date(2026, 11, 2), ("13:00", "21:00"), ("14:00", "22:00")),
    ],
)
def test_free_hours_keep_their_local_time_across_a_dst_change(session, tz, now, before, after, hours_before, hours_after):
    me = make_user(session, timezone=tz)
    availability.set_week(session=session, user_id=me.id, texts=WORK_WEEK, now=now)
    session.commit()
    free = free_times(availability_feed.ics_free_busy(session=session, user_id=me.id, now=now))
    assert free[before] == hours_before and free[after] == hours_after
    assert len(free) == 8 * 5  # eight weeks of weekdays from the start of today, no weekends
    assert min(free) >= now.date() and max(free) < now.date() + dt.timedelta(weeks=8)


def test_meetings_show_as_busy_without_names_places_or_messages_and_declined_ones_do_not(session):
    a, b = pair(session)
    held = request(session, a, b, days=3, message="Bring the gearbox drawings")
    meeting_actions.accept(session=session, meeting_id=held.id, user_id=b.id, now=NOW)
    declined = request(session, a, b, days=4)
    meeting_actions.decline(session=session, meeting_id=declined.id, user_id=b.id, now=NOW)
    far = request(session, a, b, days=70)  # beyond the feed's eight weeks
    session.commit()
    data = availability_feed.ics_free_busy(session=session, user_id=b.id, now=NOW)
    busy = [e for e in events(data) if str(e["summary"]).startswith("Busy")]
    assert [(e.decoded("dtstart"), str(e["transp"])) for e in busy] == [(held.start_at.replace(tzinfo=UTC), "OPAQUE")]
    text = data.decode()
    for secret in ("gearbox", held.spot_name, a.email, "Aiko", "Tanaka", "LOCATION", "DESCRIPTION"):
        assert secret not in text
    assert far.start_at.replace(tzinfo=UTC) > NOW + dt.timedelta(weeks=8)


def test_the_feed_is_off_until_made_stores_only_a_hash_and_regenerating_or_turning_off_revokes_it(session):
    me, other = make_user(session), make_user(session)
    assert availability_feed.feed_of(session=session, user_id=me.id) is None
    first = token_of(availability_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW))
    theirs = token_of(availability_feed.do_regenerate_feed(session=session, user_id=other.id, now=NOW))
    session.commit()
    assert availability_feed.feed_owner(session=session, token=first) == me.id
    stored = session.exec(sa.select(AvailabilityFeed.__table__)).all()
    assert not any(first in str(v) for row in stored for v in row)
    assert availability_feed.feed_of(session=session, user_id=me.id).token_hash == hashlib.sha256(first.encode()).hexdigest()
    second = token_of(availability_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW))
    session.commit()
    assert availability_feed.feed_owner(session=session, token=first) is None
    assert availability_feed.feed_owner(session=session, token=second) == me.id
    availability_feed.do_turn_off_feed(session=session, user_id=me.id)
    session.commit()
    assert availability_feed.feed_owner(session=session, token=second) is None
    assert availability_feed.feed_owner(session=session, token=theirs) == other.id  # mine changed, theirs did not


def test_the_meetings_feed_token_and_the_free_busy_token_open_only_their_own_feed(session):
    me = make_user(session)
    meetings = token_of(calendar_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW))
    free_busy = token_of(availability_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW))
    session.commit()
    assert availability_feed.feed_owner(session=session, token=meetings) is None
    assert calendar_feed.feed_owner(session=session, token=free_busy) is None
    for junk in ("", "x" * 10, "a/b" * 10, None, 42, "é" * 30):
        assert availability_feed.feed_owner(session=session, token=junk) is None
