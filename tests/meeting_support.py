"""Helpers for meeting tests: two complete engineers in nearby Japanese cities, and request shortcuts."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

from factories import NOW, make_user

from engnest.meetings.places import registry
from engnest.meetings.services import meeting_requests
from engnest.meetings.services.meeting_people import home_of
from engnest.platform.db import get_engine, session_scope
from engnest.platform.domain.geo import LatLon

TOKYO = "Tokyo, Japan"
YOKOHAMA = "Yokohama, Japan"


def pair(session, *, a_tz: str = "Asia/Tokyo", b_tz: str = "Europe/London", a_city: str = TOKYO, b_city: str = YOKOHAMA):
    a = make_user(session, complete=True, first_name="Aiko", last_name="Tanaka", city=a_city, timezone=a_tz)
    b = make_user(session, complete=True, first_name="Ben", last_name="Hughes", city=b_city, timezone=b_tz, discipline="electrical")
    return a, b


def local_slot(days: int = 10, hour: int = 10, minute: int = 0, tz: str = "Asia/Tokyo", now: dt.datetime = NOW) -> tuple[str, str]:
    """(date, time) strings `days` after `now`, as typed in `tz`."""
    day = (now.astimezone(ZoneInfo(tz)) + dt.timedelta(days=days)).date()
    return day.isoformat(), f"{hour:02d}:{minute:02d}"


def spot_ids(session, a, b, kinds=("cafe",), limit: int = 6) -> list[str]:
    home_a, home_b = home_of(session=session, user_id=a.id), home_of(session=session, user_id=b.id)
    proposal = registry.provider().propose(LatLon(*home_a), LatLon(*home_b), rules=registry.spot_rules(), kinds=kinds, limit=limit)
    return [s.place.id for s in proposal.spots]


def request(session, a, b, *, kind: str = "in_person", days: int = 10, hour: int = 10, duration=60, spot: str | None = "first", message: str = "Coffee?", now: dt.datetime = NOW):
    date, time = local_slot(days, hour, tz=a.timezone, now=now)
    if spot == "first":
        spot = spot_ids(session, a, b)[0] if kind == "in_person" else None
    meeting = meeting_requests.request_meeting(
        session=session, requester_id=a.id, recipient_id=b.id, kind=kind, start_date=date, start_time=time,
        duration=duration, message=message, spot_id=spot, now=now,
    )
    session.commit()  # the test stands in for the request page: the outermost caller commits
    return meeting


def race(url: str, works: list[Callable]) -> list:
    """Run each `work(session)` in its own thread and unit of work (committed when it returns), all released at
    once; results or exceptions."""
    barrier = threading.Barrier(len(works))
    results: list = [None] * len(works)

    def run(i: int) -> None:
        with session_scope(get_engine(url)) as s:
            barrier.wait()
            try:
                results[i] = works[i](s)
                s.commit()  # each thread is the outermost caller of its work
            except Exception as exc:  # noqa: BLE001 - the test inspects what happened
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def use_redis_limits(monkeypatch, redis_url: str) -> None:
    """Rate limits in Redis (DB 4, a fresh key prefix), as a scaled-out deployment has them."""
    import uuid

    from engnest.platform import throttle
    from engnest.platform.settings import reset_settings_cache

    monkeypatch.setenv("REDIS_URL", redis_url.rsplit("/", 1)[0] + "/4")
    monkeypatch.setenv("REDIS_PREFIX", f"test-meetings-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()


def accepted_meeting(session, a, b, *, start: dt.datetime, minutes: int = 30, kind: str = "in_person", end: dt.datetime | None = None):
    """A meeting requested by `a` and accepted by `b` (through the services, two days before `start`), then
    set to exactly `start` and `end` with its timers re-planned, as second-scale scheduler tests need.

    It is requested for two days after `start`, so no timer of that first version can fall due while a running
    scheduler watches: it would fire for that other start time (a reminder is once per agreed start time), and
    a scheduler taking over between the two commits sent each reminder twice."""
    from engnest.meetings.services import meeting_actions, timers
    from engnest.platform.domain.timezones import to_local

    booked = start - dt.timedelta(days=2)
    local = to_local(start + dt.timedelta(days=2), a.timezone)
    meeting = meeting_requests.request_meeting(
        session=session, requester_id=a.id, recipient_id=b.id, kind=kind, start_date=local.date().isoformat(),
        start_time=local.strftime("%H:%M"), duration=minutes, spot_id=spot_ids(session, a, b)[0] if kind == "in_person" else None, now=booked,
    )
    meeting = meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=booked)
    end = end or start + dt.timedelta(minutes=minutes)
    if (meeting.start_at, meeting.end_at) != (start, end):
        meeting.start_at, meeting.end_at = start, end
        timers.set_meeting_timers(session, meeting, booked)
        session.add(meeting)
    session.commit()  # the outermost caller of the services above
    return meeting
