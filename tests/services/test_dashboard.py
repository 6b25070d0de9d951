import datetime as dt

from dm_support import collaborators, send
from factories import NOW, make_user
from meeting_support import pair, request

from engnest.billing.services import credits
from engnest.discovery.services import dashboard
from engnest.meetings.services import meeting_actions


def test_the_dashboard_shows_what_waits_for_me_my_next_meeting_and_unread_conversations(session):
    me, other = pair(session, a_tz="Asia/Tokyo", b_tz="Asia/Tokyo")
    third = make_user(session, complete=True, first_name="Cleo", last_name="Ito", city="Tokyo, Japan", timezone="Asia/Tokyo")
    fourth = make_user(session, complete=True, first_name="Dev", last_name="Rao", city="Yokohama, Japan", timezone="Asia/Tokyo")
    asked = request(session, fourth, me, days=5, hour=11)  # waits for my answer
    request(session, me, third, days=8, hour=10)  # waits for theirs: not in my list
    soon = request(session, me, other, days=2, hour=15)
    meeting_actions.accept(session=session, meeting_id=soon.id, user_id=other.id, now=NOW)
    collaborators(session, me, third)
    send(session, other, me, "See you at the café")
    send(session, third, me, "Read this one")
    send(session, me, third, "Mine: never unread for me")

    board = dashboard.dashboard(session=session, user_id=me.id, timezone="Asia/Tokyo", now=NOW)

    assert [w.url for w in board.waiting] == [f"/meetings/{asked.id}"] and board.waiting[0].status == "New request"
    nxt = board.next_meeting
    assert nxt is not None and nxt.url == f"/meetings/{soon.id}" and nxt.who.startswith("Ben")
    assert "15:00" in nxt.when and nxt.countdown.startswith("in ") and "day" in nxt.countdown
    assert not nxt.online and nxt.directions_url.startswith("https://www.openstreetmap.org/directions?to=")
    assert sorted((u.name.split()[0], u.unread) for u in board.unread) == [("Ben", 1), ("Cleo", 1)]


def test_an_online_next_meeting_is_joined_on_its_page_and_nothing_waiting_is_empty(session):
    me, other = pair(session)
    credits.do_grant(session=session, user_id=me.id, credits=1, key="dashboard-test", note="test", now=NOW)
    online = request(session, me, other, kind="online", days=1, hour=9)
    meeting_actions.accept(session=session, meeting_id=online.id, user_id=other.id, now=NOW)
    board = dashboard.dashboard(session=session, user_id=other.id, timezone="Europe/London", now=NOW)
    assert board.waiting == [] and board.unread == []
    assert board.next_meeting is not None and board.next_meeting.online and board.next_meeting.place == "Online"
    assert board.next_meeting.directions_url == ""
    later = dashboard.dashboard(session=session, user_id=other.id, timezone="Europe/London", now=NOW + dt.timedelta(days=30))
    assert later.next_meeting is None
