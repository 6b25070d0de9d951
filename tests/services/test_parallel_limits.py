"""Daily limits hold under parallel calls (issue 9, §2.9): the check and the count are one atomic step, so
30 requests sent at once from one account create exactly the limit, on SQLite and PostgreSQL, with the limits
in memory (one process) and in Redis (scale-out). Each call runs in its own thread and its own session."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from meeting_support import local_slot, race, spot_ids

from engnest.meetings.models import Meeting
from engnest.meetings.services import meeting_requests
from engnest.network.models import Friendship
from engnest.network.services import friends
from engnest.notifications.models import Notification
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache

PARALLEL = 30
LIMIT = 20


@pytest.fixture(params=["memory", "redis"])
def limits_store(request, monkeypatch):
    monkeypatch.setenv("MEETING_REQUEST_LIMIT", f"{LIMIT}/day")
    monkeypatch.setenv("FRIEND_REQUEST_LIMIT", f"{LIMIT}/day")
    if request.param == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
        monkeypatch.setenv("REDIS_PREFIX", f"test-limits-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()
    yield request.param
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def count(session, model, *where) -> int:
    session.rollback()  # see what the threads committed
    return session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def outcomes(results: list) -> tuple[list, list[str]]:
    """(successes, limit messages); anything else (a crash, another refusal) fails the test."""
    done, refused = [], []
    for r in results:
        if isinstance(r, ValidationFailed):
            refused.append(r.first())
        elif isinstance(r, Exception):
            raise r
        else:
            done.append(r)
    return done, refused


def test_parallel_meeting_requests_create_exactly_the_daily_limit(session, db_url, limits_store):
    me = make_user(session, complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
    others = [make_user(session, complete=True, city="Yokohama, Japan") for _ in range(PARALLEL)]
    spot = spot_ids(session, me, others[0])[0]
    date, time = local_slot(tz=me.timezone)

    def ask(other_id):
        return lambda s: meeting_requests.request_meeting(
            session=s, requester_id=me.id, recipient_id=other_id, kind="in_person", start_date=date, start_time=time,
            duration=60, message="Coffee?", spot_id=spot, now=NOW,
        )

    results = race(db_url, [ask(o.id) for o in others])
    done, refused = outcomes(results)
    assert len(done) == LIMIT and len(refused) == PARALLEL - LIMIT
    assert all(m.startswith("Too many meeting requests today. Try again in") for m in refused)
    assert count(session, Meeting) == LIMIT
    assert count(session, Notification, Notification.kind == "meeting_requested") == LIMIT
    turned_away = next(o for o, r in zip(others, results, strict=True) if isinstance(r, ValidationFailed))
    with pytest.raises(ValidationFailed, match="Too many meeting requests"):  # and the limit still holds after
        ask(turned_away.id)(session)


def test_parallel_friend_requests_send_exactly_the_daily_limit(session, db_url, limits_store):
    me = make_user(session, complete=True)
    others = [make_user(session, complete=True, city="Reading, United Kingdom") for _ in range(PARALLEL)]

    def befriend(other_id):
        return lambda s: friends.send_request(session=s, user_id=me.id, other_id=other_id, now=NOW)

    done, refused = outcomes(race(db_url, [befriend(o.id) for o in others]))
    assert len(done) == LIMIT and len(refused) == PARALLEL - LIMIT
    assert all(m.startswith("Too many friend requests. Try again in") for m in refused)
    assert count(session, Friendship) == LIMIT
    assert count(session, Notification, Notification.kind == "friend_request") == LIMIT


def test_the_same_friend_request_sent_twice_at_once_is_one_request_and_one_notification(session, db_url, limits_store):
    me, other = make_user(session, complete=True), make_user(session, complete=True)
    results = race(db_url, [lambda s: friends.send_request(session=s, user_id=me.id, other_id=other.id, now=NOW)] * 4)
    done, refused = outcomes(results)
    assert len(done) == 1 and set(refused) <= {"You already sent a request; waiting for an answer."}
    assert count(session, Friendship) == 1
    assert count(session, Notification, Notification.user_id == other.id) == 1
