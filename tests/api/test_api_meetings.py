"""Meetings through the API: the meeting pages' services and gates, a token of X never reads or changes a meeting
X is not in, a read-only token cannot write, and a retried request sends nothing twice."""

import datetime as dt
import threading

import time_machine
from api_support import API, api_client, bearer, error_of
from dm_support import block
from factories import make_user
from meeting_support import local_slot, pair, request
from query_count import count_queries
from sqlmodel import func, select

from engnest.meetings.models import Meeting
from engnest.platform.db import get_engine


def _count(session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(Meeting)).one()


def _ask(client, headers, other, *, days=10, hour=10, tz="Asia/Tokyo", kind="in_person", spot=None):
    date, time = local_slot(days, hour, tz=tz)
    body = {"user_id": other.id, "kind": kind, "date": date, "time": time, "duration": 60, "message": "Coffee?"}
    if spot:
        body["spot_id"] = spot
    return client.post(f"{API}/meetings", json=body, headers=headers)


def test_a_request_made_through_the_api_is_answered_there_and_makes_collaborators(session):
    a, b = pair(session)
    client = api_client()
    a_headers, b_headers = bearer(session, a), bearer(session, b)
    spots = client.get(f"{API}/meetings/spots", params={"with": b.id}, headers=a_headers).json()
    assert spots["spots"] and all(s["theirs"] and "km" not in s["theirs"] for s in spots["spots"])  # a stranger's trip is words
    spot = spots["spots"][0]["place_id"]
    sent = _ask(client, a_headers, b, spot=spot)
    assert sent.status_code == 201, sent.text
    meeting = sent.json()
    assert meeting["created"] is True and meeting["status"] == "pending" and meeting["spot"]["place_id"] == spot
    assert meeting["other"]["name"] == "" and meeting["other"]["collaborator"] is False  # not met yet: no name
    start = dt.datetime.fromisoformat(meeting["start_at"])
    assert start.utcoffset() == dt.timedelta(0) and start.astimezone(dt.timezone(dt.timedelta(hours=9))).hour == 10
    again = _ask(client, a_headers, b, spot=spot)  # a retry of the same request
    assert again.status_code == 200 and again.json()["id"] == meeting["id"] and again.json()["created"] is False
    assert _count(session) == 1
    [waiting] = client.get(f"{API}/meetings", params={"awaiting_me": "true"}, headers=b_headers).json()["items"]
    assert waiting["id"] == meeting["id"] and waiting["uid"] == f"meeting-{meeting['id']}@engnest"
    assert client.get(f"{API}/meetings", params={"awaiting_me": "true"}, headers=a_headers).json()["items"] == []
    date, _ = local_slot(11, 18, tz=b.timezone)
    countered = client.post(f"{API}/meetings/{meeting['id']}/counter", json={"date": date, "time": "18:00", "duration": 90}, headers=b_headers)
    assert countered.status_code == 200 and countered.json()["status"] == "countered" and countered.json()["duration_minutes"] == 90
    mine = client.get(f"{API}/meetings/{meeting['id']}", headers=a_headers).json()
    assert mine["awaiting_me"] and "accept" in mine["actions"]
    assert client.post(f"{API}/meetings/{meeting['id']}/accept", headers=b_headers).status_code == 409  # not B's turn
    accepted = client.post(f"{API}/meetings/{meeting['id']}/accept", headers=a_headers).json()
    assert accepted["status"] == "accepted" and accepted["other"]["name"] == "Ben Hughes" and accepted["other"]["collaborator"]
    assert client.get(f"{API}/users/{b.id}", headers=a_headers).json()["full"]["name"] == "Ben Hughes"


def test_a_token_never_reads_or_changes_a_meeting_its_owner_is_not_in(session):
    a, b = pair(session)
    eve, eves_friend = pair(session)
    theirs = request(session, a, b)
    session.commit()
    client = api_client()
    eve_headers = bearer(session, eve)
    # Eve is signed in with a valid token and may request and withdraw her own meeting.
    spot = client.get(f"{API}/meetings/spots", params={"with": eves_friend.id}, headers=eve_headers).json()["spots"][0]["place_id"]
    own = _ask(client, eve_headers, eves_friend, spot=spot)
    assert own.status_code == 201
    assert client.get(f"{API}/meetings/{own.json()['id']}", headers=eve_headers).status_code == 200
    for call in (
        lambda: client.get(f"{API}/meetings/{theirs.id}", headers=eve_headers),
        lambda: client.post(f"{API}/meetings/{theirs.id}/accept", headers=eve_headers),
        lambda: client.post(f"{API}/meetings/{theirs.id}/decline", headers=eve_headers),
        lambda: client.post(f"{API}/meetings/{theirs.id}/cancel", json={"reason": "mine now"}, headers=eve_headers),
        lambda: client.post(f"{API}/meetings/{theirs.id}/counter", json={"date": "2030-01-01", "time": "10:00", "duration": 60}, headers=eve_headers),
    ):
        refused = call()
        assert refused.status_code == 404 and error_of(refused)["code"] == "not_found", refused.text
    assert all(theirs.id != m["id"] for m in client.get(f"{API}/calendar", headers=eve_headers).json()["items"])
    session.expire_all()
    assert session.get(Meeting, theirs.id).status == "pending"
    # B's read-only token reads the request but cannot answer it.
    b_read = bearer(session, b, "read")
    assert client.get(f"{API}/meetings/{theirs.id}", headers=b_read).json()["awaiting_me"] is True
    assert client.post(f"{API}/meetings/{theirs.id}/decline", headers=b_read).status_code == 403
    withdrawn = client.post(f"{API}/meetings/{own.json()['id']}/cancel", json={"reason": ""}, headers=eve_headers)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "cancelled"


def test_the_request_gates_of_the_page_hold_and_bad_input_writes_nothing(sqlite_session):
    a, b = pair(sqlite_session)
    incomplete = make_user(sqlite_session)
    blocked_one = make_user(sqlite_session, complete=True, city="Tokyo, Japan")
    block(sqlite_session, blocked_one, a)
    client = api_client()
    headers = bearer(sqlite_session, a)
    past = client.post(f"{API}/meetings", json={"user_id": b.id, "kind": "online", "date": "2001-01-01", "time": "10:00", "duration": 60},
                       headers=headers)
    assert past.status_code == 422 and "start" in error_of(past)["fields"]
    for other, words in ((incomplete, "not finished their profile"), (blocked_one, "not available"), (a, "yourself")):
        refused = _ask(client, headers, other, kind="online")
        assert refused.status_code == 409 and words in error_of(refused)["message"], refused.text
    assert _count(sqlite_session) == 0
    assert client.get(f"{API}/meetings/spots", params={"with": blocked_one.id}, headers=headers).status_code == 409


def test_decline_and_review_follow_the_meeting_rules(sqlite_session):
    a, b = pair(sqlite_session)
    first = request(sqlite_session, a, b, days=3)
    sqlite_session.commit()
    client = api_client()
    a_headers, b_headers = bearer(sqlite_session, a), bearer(sqlite_session, b)
    declined = client.post(f"{API}/meetings/{first.id}/decline", headers=b_headers).json()
    assert declined["status"] == "declined" and declined["actions"] == []
    second = request(sqlite_session, a, b, days=3, hour=11)
    sqlite_session.commit()
    assert client.post(f"{API}/meetings/{second.id}/accept", headers=b_headers).json()["status"] == "accepted"
    early = client.post(f"{API}/meetings/{second.id}/review", json={"rating": 5, "attended": True}, headers=a_headers)
    assert early.status_code == 409 and "ended" in error_of(early)["message"]
    ended = second.end_at.replace(tzinfo=dt.timezone.utc) if second.end_at.tzinfo is None else second.end_at
    with time_machine.travel(ended + dt.timedelta(minutes=30), tick=False):
        reviewed = client.post(f"{API}/meetings/{second.id}/review", json={"rating": 5, "attended": True, "comment": "Great"}, headers=a_headers)
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["review"]["reviewed"] is True and reviewed.json()["review"]["my_rating"] == 5


def test_retried_requests_that_race_send_one_meeting_and_all_answer_it(session):
    a, b = pair(session)
    client = api_client()
    headers = bearer(session, a)
    spot = client.get(f"{API}/meetings/spots", params={"with": b.id}, headers=headers).json()["spots"][0]["place_id"]
    results: list = []
    barrier = threading.Barrier(5)

    def post() -> None:
        barrier.wait()
        results.append(_ask(client, headers, b, spot=spot))

    threads = [threading.Thread(target=post) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.status_code for r in results) == [200] * 4 + [201], [r.text for r in results]
    assert len({r.json()["id"] for r in results}) == 1 and _count(session) == 1


def test_listing_meetings_costs_the_same_queries_for_one_meeting_or_many(sqlite_session):
    me = make_user(sqlite_session, complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
    others = [make_user(sqlite_session, complete=True, city="Yokohama, Japan") for _ in range(4)]
    client = api_client()
    headers = bearer(sqlite_session, me)
    costs = []
    for i, other in enumerate(others):
        request(sqlite_session, other, me, days=5 + i)
        sqlite_session.commit()
        client.get(f"{API}/meetings", headers=headers)  # warm: the clock's catch-up has nothing left to do
        with count_queries(get_engine(), all_threads=True) as queries:
            listed = client.get(f"{API}/meetings", params={"awaiting_me": "true"}, headers=headers).json()["items"]
        assert len(listed) == i + 1
        costs.append(len(queries.statements))
    assert len(set(costs)) == 1, costs
