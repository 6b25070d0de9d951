"""A stranger's exact town never reaches the other person before a meeting is accepted (issue 9, §2.3).

Nia lives in Newark, New Jersey; strangers' cards say "near New York City". Everything the other person gets
about her before acceptance — the request form's summary and map marker, the spot list, the meeting page,
calendar titles, notifications, emails and .ics files — says the same and marks New York City, never Newark or
Newark's coordinates. Once a meeting is accepted they are collaborators and see her real city.
"""

from __future__ import annotations

import pytest
from factories import NOW
from location_support import APPROXIMATE, NEW_YORK, NEWARK, leaks, make_nia_and_sam
from meeting_support import local_slot

from engnest.meetings.services import calendar_feed, meeting_actions, meeting_requests, meeting_spots, meeting_views
from engnest.meetings.services.meeting_people import person_for
from engnest.network.services import friends
from engnest.notifications.models import Notification
from engnest.notifications.services import mail_compose, notification_centre
from engnest.platform.domain.geo import LatLon

TRIP_WORDS = {"about as far as you", "further than you", "less far than you"}


@pytest.fixture
def people(session):
    return make_nia_and_sam(session)


def nia_asks_sam(session, nia, sam):
    spots = meeting_spots.spot_options(session=session, viewer_id=nia.id, other_id=sam.id)
    date, time = local_slot(tz=nia.timezone)
    return meeting_requests.request_meeting(
        session=session, requester_id=nia.id, recipient_id=sam.id, kind="in_person", start_date=date, start_time=time,
        duration=60, message="Coffee?", spot_id=spots.spots[0].place_id, now=NOW,
    )


def test_the_setup_is_a_small_town_near_a_big_city():
    assert NEWARK is not None and NEWARK.population < 300_000 and NEWARK.label == "Newark, New Jersey, United States"
    assert leaks(NEWARK.label) and not leaks(f"{NEW_YORK.label} {NEW_YORK.lat} {NEW_YORK.lon}")


def test_a_stranger_gets_the_approximate_place_and_point(session, people):
    nia, sam = people
    seen = person_for(session=session, viewer_id=sam.id, person_id=nia.id)
    assert seen.city == APPROXIMATE and seen.label == "a Mechanical engineer near New York City, United States"
    assert seen.home == LatLon(NEW_YORK.lat, NEW_YORK.lon)
    assert not leaks(repr(seen))
    assert person_for(session=session, viewer_id=nia.id, person_id=nia.id).city == NEWARK.label  # she sees her own


def test_the_spot_picker_marks_a_stranger_at_the_approximate_point_and_hides_their_trips(session, people):
    nia, sam = people
    options = meeting_spots.spot_options(session=session, viewer_id=sam.id, other_id=nia.id)
    assert len(options.spots) >= 5
    assert options.people[1] == {"label": f"Them ({APPROXIMATE})", "lat": NEW_YORK.lat, "lon": NEW_YORK.lon}
    assert {s.theirs for s in options.spots} <= TRIP_WORDS  # distances to known spots would triangulate her
    assert not leaks(repr(options))
    for kind in ("library", "cafe"):  # other filters give away no more
        assert not leaks(repr(meeting_spots.spot_options(session=session, viewer_id=sam.id, other_id=nia.id, kinds=[kind], mode="drive")))


def test_a_pending_request_tells_the_other_person_only_the_approximate_place(session, people):
    nia, sam = people
    meeting = nia_asks_sam(session, nia, sam)
    view = meeting_views.meeting_view(session=session, meeting_id=meeting.id, viewer_id=sam.id, now=NOW)
    assert view.other.city == APPROXIMATE and view.their_trip in TRIP_WORDS
    assert view.people[1] == {"label": f"Them ({APPROXIMATE})", "lat": NEW_YORK.lat, "lon": NEW_YORK.lon}
    assert not leaks(repr(view))
    window = (NOW, NOW + (meeting.start_at - NOW) * 2)
    titles = [i.title for i in meeting_views.calendar_items(session=session, user_id=sam.id, start=window[0], end=window[1])]
    titles += [i.title for i in meeting_views.upcoming(session=session, user_id=sam.id, now=NOW)]
    assert len(titles) == 2 and all(t.startswith("A Mechanical engineer near New York City") for t in titles)
    assert not leaks(" ".join(titles))
    ics = calendar_feed.ics_for_meeting(session=session, meeting_id=meeting.id, viewer_id=sam.id, now=NOW).decode()
    feed = calendar_feed.ics_feed(session=session, user_id=sam.id, now=NOW).decode()
    assert "near New York City" in ics.replace("\r\n ", "") and not leaks(ics.replace("\r\n ", "")) and not leaks(feed.replace("\r\n ", ""))
    (note,) = notification_centre.page_for(session=session, user_id=sam.id, page=1).rows
    assert "near New York City" in note.title and not leaks(f"{note.title} {note.body}")
    row = session.get(Notification, note.id)
    draft = mail_compose.draft(session=session, notification=row, user=sam, now=NOW)  # the meeting: row.subject_id
    assert not leaks(f"{draft.subject} {draft.body} {draft.attachment}")


def test_a_counter_proposal_and_its_answer_say_no_more(session, people):
    nia, sam = people
    meeting = nia_asks_sam(session, nia, sam)
    date, time = local_slot(days=12, tz=sam.timezone)
    meeting_actions.counter(session=session, meeting_id=meeting.id, user_id=sam.id, start_date=date, start_time=time, duration=60, now=NOW)
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=nia.id, now=NOW)
    notes = notification_centre.page_for(session=session, user_id=sam.id, page=1).rows
    assert len(notes) == 2 and not leaks(repr(notes))
    view = meeting_views.meeting_view(session=session, meeting_id=meeting.id, viewer_id=sam.id, now=NOW)
    assert not leaks(repr(view))


def test_a_friend_request_names_only_the_approximate_place(session, people):
    nia, sam = people
    friends.send_request(session=session, user_id=nia.id, other_id=sam.id, now=NOW)
    (note,) = notification_centre.page_for(session=session, user_id=sam.id, page=1).rows
    assert "near New York City" in note.body and not leaks(note.body)


def test_after_acceptance_the_real_city_and_point_appear(session, people):
    nia, sam = people
    meeting = nia_asks_sam(session, nia, sam)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=sam.id, now=NOW)
    seen = person_for(session=session, viewer_id=sam.id, person_id=nia.id)
    assert seen.full and seen.city == NEWARK.label and seen.home == LatLon(NEWARK.lat, NEWARK.lon)
    view = meeting_views.meeting_view(session=session, meeting_id=meeting.id, viewer_id=sam.id, now=NOW)
    assert view.people[1] == {"label": "Nia Okafor", "lat": NEWARK.lat, "lon": NEWARK.lon}
    assert view.their_trip.endswith(" km")
    options = meeting_spots.spot_options(session=session, viewer_id=sam.id, other_id=nia.id)
    assert all(s.theirs.endswith(" min") and " km · ~" in s.theirs for s in options.spots)
