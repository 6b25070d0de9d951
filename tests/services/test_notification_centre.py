"""The notification centre on SQLite and PostgreSQL: every kind the issue lists is made by the services and
links to its meeting, thread or profile; the list is newest first and paged; marking read (one, all, by
opening, by reading the DM thread) touches only the caller's own rows and tells their other tabs."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from dm_support import collaborators, open_thread, person, send
from factories import NOW, make_user
from meeting_support import local_slot, pair, request

from engnest.meetings.services import meeting_actions
from engnest.network.services import friends
from engnest.notifications.domain.notification_kinds import page_number, style_for
from engnest.notifications.models import Notification
from engnest.notifications.services import notification_centre, notifications
from engnest.platform import events, routes
from engnest.platform.domain.errors import ValidationFailed


@pytest.fixture
def pushes():
    recorder = events.Recorder()
    events.add_sink(recorder)
    yield recorder
    events.remove_sink(recorder)


def kinds_and_links(session, user) -> list[tuple[str, str]]:
    page = notification_centre.page_for(session=session, user_id=user.id, page=1)
    return [(r.kind, r.link) for r in reversed(page.rows)]


def make(session, user, n: int, start: dt.datetime = NOW) -> None:
    for i in range(n):
        notifications.do_notify(session=session, user_id=user.id, kind="friend_request", title=f"note {i}", now=start + dt.timedelta(minutes=i))
    session.commit()


def test_every_meeting_kind_reaches_the_right_person_and_links_to_the_meeting(session):
    a, b = pair(session)
    m1 = request(session, a, b)
    date, time = local_slot(12, 15, tz=b.timezone)
    meeting_actions.counter(session=session, meeting_id=m1.id, user_id=b.id, start_date=date, start_time=time, duration=60, now=NOW)
    meeting_actions.cancel(session=session, meeting_id=m1.id, user_id=b.id, reason="Travelling", now=NOW)
    m2 = request(session, a, b, days=20)
    meeting_actions.decline(session=session, meeting_id=m2.id, user_id=b.id, now=NOW)
    m3 = request(session, a, b, days=30)
    meeting_actions.accept(session=session, meeting_id=m3.id, user_id=b.id, now=NOW)
    url1, url2, url3 = (routes.meeting_url(m.id) for m in (m1, m2, m3))
    assert kinds_and_links(session, b) == [("meeting_requested", url1), ("meeting_requested", url2), ("meeting_requested", url3)]
    assert kinds_and_links(session, a) == [
        ("meeting_countered", url1), ("meeting_withdrawn", url1), ("meeting_declined", url2), ("meeting_accepted", url3),
    ]


def test_friend_and_message_kinds_link_to_the_friends_page_profile_and_thread(session):
    ada, bo = person(session), person(session)
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.accept(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    collaborators(session, ada, bo)
    send(session, ada, bo, "Are you free on Friday?")
    send(session, ada, bo, "Not shown: Bo is reading the thread", viewing=True)
    assert kinds_and_links(session, bo) == [("friend_request", routes.FRIENDS), ("message", routes.thread_url(ada.id))]
    assert kinds_and_links(session, ada) == [("friend_accepted", routes.person_url(bo.id))]


def test_the_list_is_newest_first_and_paged(session):
    me = make_user(session)
    make(session, me, 23)
    first = notification_centre.page_for(session=session, user_id=me.id, page=1, per_page=10)
    assert [r.title for r in first.rows] == [f"note {i}" for i in range(22, 12, -1)]
    assert first.has_more and first.unread == 23
    third = notification_centre.page_for(session=session, user_id=me.id, page=3, per_page=10)
    assert [r.title for r in third.rows] == ["note 2", "note 1", "note 0"] and not third.has_more
    assert notification_centre.page_for(session=session, user_id=me.id, page=99, per_page=10).rows == []


def test_page_numbers_from_the_url_never_fail():
    assert [page_number(v) for v in ("2", 3, "0", "-1", "abc", "", None, True, "9" * 40, " 4 ")] == [2, 3, 1, 1, 1, 1, 1, 1, 999_999, 4]


def test_unknown_kinds_still_show_as_a_plain_notification():
    assert style_for("something_new").label == "Notification" and style_for("meeting_reminder").icon == "alarm_clock"


def test_marking_one_read_only_works_on_your_own_and_tells_your_tabs(session, pushes):
    me, other = make_user(session), make_user(session)
    make(session, me, 2)
    make(session, other, 1)
    mine = notification_centre.page_for(session=session, user_id=me.id, page=1).rows
    theirs = notification_centre.page_for(session=session, user_id=other.id, page=1).rows[0]
    pushes.pushes.clear()
    assert notification_centre.mark_read(session=session, user_id=me.id, notification_id=str(mine[0].id), now=NOW)
    session.commit()  # the caller's unit of work commits; the push goes out after it
    assert pushes.topics_for(me.id) == ["notifications"]
    assert not notification_centre.mark_read(session=session, user_id=me.id, notification_id=theirs.id, now=NOW)
    assert notification_centre.open_notification(session=session, user_id=me.id, notification_id=theirs.id, now=NOW) is None
    for junk in ("", "x", -1, None, {"id": 1}, "9" * 40):
        assert not notification_centre.mark_read(session=session, user_id=me.id, notification_id=junk, now=NOW)
        with pytest.raises(ValidationFailed) as refused:
            notification_centre.check_mark_read(session=session, user_id=me.id, notification_id=junk)
        assert refused.value.errors == {"notification": notification_centre.NOT_YOURS}
    session.commit()
    assert notifications.unread_count(session=session, user_id=me.id) == 1
    assert notifications.unread_count(session=session, user_id=other.id) == 1
    assert pushes.topics_for(other.id) == []


def test_opening_a_notification_marks_it_read_and_returns_its_link(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    (row,) = notification_centre.page_for(session=session, user_id=b.id, page=1).rows
    assert notification_centre.open_notification(session=session, user_id=b.id, notification_id=row.id, now=NOW) == routes.meeting_url(meeting.id)
    assert notifications.unread_count(session=session, user_id=b.id) == 0
    # opening it again still leads there, and changes nothing
    assert notification_centre.open_notification(session=session, user_id=b.id, notification_id=row.id, now=NOW) == routes.meeting_url(meeting.id)


def test_a_stored_link_that_leaves_the_site_is_not_followed(session):
    me = make_user(session)
    notifications.do_notify(session=session, user_id=me.id, kind="x", title="odd", link="//evil.example/", now=NOW)
    session.commit()
    (row,) = notification_centre.page_for(session=session, user_id=me.id, page=1).rows
    assert notification_centre.open_notification(session=session, user_id=me.id, notification_id=row.id, now=NOW) == routes.NOTIFICATIONS


def test_mark_all_read_leaves_other_people_alone(session):
    me, other = make_user(session), make_user(session)
    make(session, me, 3)
    make(session, other, 2)
    assert notification_centre.do_mark_all_read(session=session, user_id=me.id, now=NOW) == 3
    assert notification_centre.do_mark_all_read(session=session, user_id=me.id, now=NOW) == 0
    assert notifications.unread_count(session=session, user_id=me.id) == 0
    assert notifications.unread_count(session=session, user_id=other.id) == 2
    assert all(r.read for r in notification_centre.page_for(session=session, user_id=me.id, page=1).rows)


def test_reading_a_dm_thread_marks_its_message_notifications_read(session, pushes):
    ada, bo, cy = person(session), person(session), person(session)
    collaborators(session, ada, bo)
    collaborators(session, cy, bo)
    send(session, ada, bo, "one")
    send(session, ada, bo, "two")
    send(session, cy, bo, "from cy")
    assert notifications.unread_count(session=session, user_id=bo.id) == 3
    open_thread(session, bo, ada)
    assert notifications.unread_count(session=session, user_id=bo.id) == 1  # cy's is still unread
    assert "notifications" in pushes.topics_for(bo.id)
    left = session.execute(sa.select(Notification.actor_id).where(Notification.user_id == bo.id, Notification.read_at.is_(None))).scalars().all()
    assert left == [cy.id]


def test_newest_first_means_by_time_even_when_rows_arrive_out_of_order(session):
    """A job that catches up late (or imported data) can store an older event after a newer one."""
    user = make_user(session)
    for minutes, title in ((30, "newer"), (10, "older"), (20, "middle")):
        notifications.do_notify(session=session, user_id=user.id, kind="message", title=title, now=NOW + dt.timedelta(minutes=minutes))
    session.commit()
    page = notification_centre.page_for(session=session, user_id=user.id, page=1)
    assert [r.title for r in page.rows] == ["newer", "middle", "older"]
