"""Issue 18 (8), the minor items best checked below the browser: singular waits, a withdrawn request is not
a "cancelled" meeting, a DM raises the Messages badge only, city names in other languages, no in-person
suggestion across an ocean, and transit times that are believable over 40 km."""

from __future__ import annotations

from dm_support import collaborators, person, send
from factories import NOW, make_user
from meeting_support import pair, request

from engnest.discovery.services import suggestions
from engnest.meetings.domain.meeting_spot import SpotRules, travel_minutes
from engnest.meetings.services import meeting_actions
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import throttle
from engnest.platform.places.gazetteer import gazetteer
from engnest.profiles.services import profiles
from engnest.projects.services import owner_projects


def test_waits_are_singular_and_plural_as_english_has_them():
    assert [throttle.wait_phrase(n) for n in (1, 2, 59, 90, 120)] == ["1 second", "2 seconds", "59 seconds", "2 minutes", "2 minutes"]
    assert throttle.wait_phrase(60 * 60) == "60 minutes"


def test_a_withdrawn_request_is_notified_as_withdrawn_and_a_cancelled_meeting_as_cancelled(session):
    a, b = pair(session)
    pending = request(session, a, b)
    meeting_actions.cancel(session=session, meeting_id=pending.id, user_id=a.id, reason="", now=NOW)
    [note] = session.query(Notification).filter(Notification.user_id == b.id, Notification.kind.like("meeting_%"), Notification.kind != "meeting_requested").all()
    assert (note.kind, note.title) == ("meeting_withdrawn", "Request withdrawn")
    assert "withdrew the request" in note.body and "cancel" not in note.body.lower()

    accepted = request(session, a, b, days=12)
    meeting_actions.accept(session=session, meeting_id=accepted.id, user_id=b.id, now=NOW)
    meeting_actions.cancel(session=session, meeting_id=accepted.id, user_id=b.id, reason="Ill", now=NOW)
    last = session.query(Notification).filter(Notification.user_id == a.id).order_by(Notification.id.desc()).first()
    assert (last.kind, last.title) == ("meeting_cancelled", "Meeting cancelled")


def test_a_new_message_raises_the_messages_badge_not_the_bell(session):
    ada, bo = person(session), person(session)
    collaborators(session, ada, bo)
    before = notifications.bell_count(session=session, user_id=bo.id)
    send(session, ada, bo, "hello")
    assert notifications.unread_count(session=session, user_id=bo.id) == before + 1  # still listed
    assert notifications.bell_count(session=session, user_id=bo.id) == before  # but the bell stays


def test_city_search_knows_names_in_other_languages():
    g = gazetteer()
    assert [c.label for c in g.search("londres")][:1] == ["London, United Kingdom"]
    assert g.search("München")[0].label == "Munich, Germany"
    assert g.resolve("Lisboa").label == "Lisbon, Portugal"
    assert g.search("lond")[0].label == "London, United Kingdom"  # English names still come first


def test_someone_who_meets_only_in_person_is_not_suggested_people_an_ocean_away(session):
    me = make_user(session, complete=True, creator=True, skills=("SolidWorks",), city="Cambridge, United Kingdom")
    profiles.set_status(session=session, user_id=me.id, status="creator", preference="in_person", now=NOW)
    owner_projects.save_project(session=session, user_id=me.id, title="Drone frame", description="", skills_wanted=["FEA"], now=NOW)
    far = make_user(session, complete=True, skills=("FEA",), city="New York City, New York, United States")
    near = make_user(session, complete=True, skills=("FEA",), city="London, United Kingdom")
    got = [s.user_id for s in suggestions.suggest(session=session, user_id=me.id)]
    assert near.id in got and far.id not in got
    # Open to online meetings: the same far person is a fine suggestion.
    profiles.set_status(session=session, user_id=me.id, status="creator", preference="hybrid", now=NOW)
    assert far.id in [s.user_id for s in suggestions.suggest(session=session, user_id=me.id)]


def test_forty_kilometres_by_public_transport_is_about_an_hour_and_a_quarter():
    from engnest.meetings.domain.meeting_spot import minutes_text

    rules = SpotRules()
    assert 60 <= travel_minutes(40, "transit", rules) <= 90
    assert travel_minutes(2, "transit", rules) == round(2 * 1.3 / 25 * 60 + 8)  # short trips as before
    assert travel_minutes(40, "drive", rules) <= 60
    assert [minutes_text(m) for m in (25, 60, 74, 120)] == ["~25 min", "~1 h", "~1 h 14 min", "~2 h"]
