"""The calendar through the API: the JSON and the .ics feed show the same meetings (UIDs, times, statuses), the feed's
secret URL is shown once and stops working when it is turned off, and nobody sees another person's calendar."""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from api_support import API, api_client, bearer
from meeting_support import pair, request

from engnest.meetings.domain.ics import ICS_STATUS
from engnest.meetings.services import meeting_actions
from engnest.platform.domain.timezones import ensure_aware_utc


def _ics_events(client, url: str) -> dict[str, tuple[dt.datetime, dt.datetime, str]]:
    answer = client.get(urlsplit(url).path)
    assert answer.status_code == 200, answer.text
    return {
        str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["STATUS"]))
        for e in icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    }


def test_the_calendar_json_matches_the_ics_feed_and_the_feed_url_is_shown_once(session):
    a, b = pair(session)
    first = request(session, a, b, days=5)
    when = ensure_aware_utc(first.created_at)  # SQLite reads it back naive
    meeting_actions.accept(session=session, meeting_id=first.id, user_id=b.id, now=when)
    meeting_actions.cancel(session=session, meeting_id=first.id, user_id=a.id, reason="Travel", now=when)
    second = request(session, a, b, days=9, hour=15)
    session.commit()
    client = api_client()
    headers = bearer(session, a)
    assert client.get(f"{API}/calendar/feed", headers=headers).json() == {"on": False, "created_at": None, "url": None}
    made = client.post(f"{API}/calendar/feed", headers=headers)
    assert made.status_code == 201 and made.json()["on"] and made.headers["Cache-Control"] == "no-store"
    url = made.json()["url"]
    shown = client.get(f"{API}/calendar/feed", headers=headers).json()
    assert shown["on"] is True and shown["url"] is None  # never again

    calendar = client.get(f"{API}/calendar", headers=headers).json()
    json_events = {
        i["uid"]: (dt.datetime.fromisoformat(i["start_at"]), dt.datetime.fromisoformat(i["end_at"]), i["status"]) for i in calendar["items"]
    }
    assert set(json_events) == {f"meeting-{first.id}@engnest", f"meeting-{second.id}@engnest"}
    feed = _ics_events(client, url)
    assert set(feed) == set(json_events)
    for uid, (start, end, status) in json_events.items():
        assert (feed[uid][0], feed[uid][1]) == (start, end)
        assert feed[uid][2] == ICS_STATUS.get(status, "TENTATIVE")
    assert {s for _, _, s in json_events.values()} == {"cancelled", "pending"}
    assert [i["id"] for i in calendar["items"]] == [first.id, second.id]  # soonest first

    # A narrower window, and a bad one.
    start = dt.datetime.fromisoformat(calendar["items"][1]["start_at"])
    narrow = client.get(f"{API}/calendar", params={"start": start.isoformat(), "end": (start + dt.timedelta(hours=1)).isoformat()}, headers=headers)
    assert [i["id"] for i in narrow.json()["items"]] == [second.id]
    assert client.get(f"{API}/calendar", params={"start": start.isoformat(), "end": start.isoformat()}, headers=headers).status_code == 422

    # B sees the same meetings in B's own calendar; a stranger sees none of them.
    assert {i["id"] for i in client.get(f"{API}/calendar", headers=bearer(session, b)).json()["items"]} == {first.id, second.id}
    stranger, _ = pair(session)
    assert client.get(f"{API}/calendar", headers=bearer(session, stranger)).json()["items"] == []

    assert client.delete(f"{API}/calendar/feed", headers=headers).status_code == 204
    assert client.get(urlsplit(url).path).status_code == 404
    assert client.post(f"{API}/calendar/feed", headers=bearer(session, a, "read")).status_code == 403
