"""`/calendar/free-busy/<token>.ics` (issue 18): the token is the credential; a revoked, malformed or other
feed's token gets the same 404."""

from __future__ import annotations

import warnings

from factories import NOW, make_user

from engnest.meetings.services import availability, availability_feed, calendar_feed
from engnest.platform.http import http_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def client() -> TestClient:
    import engnest.features

    engnest.features.load_web()
    return TestClient(http_app(), base_url="http://testserver", raise_server_exceptions=False)


def test_the_link_serves_the_feed_until_it_is_regenerated_or_turned_off(session):
    me = make_user(session, timezone="Europe/London")
    availability.set_week(session=session, user_id=me.id, texts=["09:00-17:00"] * 7, now=NOW)
    path = availability_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW)
    meetings_path = calendar_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW)
    session.commit()
    ok = client().get(path)
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/calendar")
    assert ok.headers["cache-control"] == "private, no-store" and b"Free for EngNest meetings" in ok.content
    assert client().get(path.replace("/calendar/free-busy/", "/calendar/feed/")).status_code == 404
    assert client().get(meetings_path.replace("/calendar/feed/", "/calendar/free-busy/")).status_code == 404
    availability_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW)
    session.commit()
    assert (client().get(path).status_code, client().get(path).text) == (404, "Not found")
    for junk in ("short", "%2E%2E%2Fetc", "x" * 200):
        assert client().get(f"/calendar/free-busy/{junk}.ics").status_code == 404
