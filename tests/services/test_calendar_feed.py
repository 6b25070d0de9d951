import datetime as dt

import icalendar
from factories import NOW
from meeting_support import pair, request

from engnest.meetings.services import calendar_feed, meeting_actions


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_a_meeting_ics_holds_the_exact_utc_instant_the_place_and_the_status(session):
    a, b = pair(session)
    meeting = request(session, a, b, hour=10)
    [event] = events_of(calendar_feed.ics_for_meeting(session=session, meeting_id=meeting.id, viewer_id=b.id, now=NOW))
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(0)
    assert start == meeting.start_at.replace(tzinfo=dt.timezone.utc)  # 10:00 Tokyo
    assert event.decoded("dtend") - start == dt.timedelta(hours=1)
    assert str(event["status"]) == "TENTATIVE" and meeting.spot_name in str(event["location"])
    assert "Aiko" not in str(event["summary"])  # not collaborators yet
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    [event] = events_of(calendar_feed.ics_for_meeting(session=session, meeting_id=meeting.id, viewer_id=b.id, now=NOW))
    assert str(event["status"]) == "CONFIRMED" and "Aiko Tanaka" in str(event["summary"])
    assert int(event["sequence"]) >= 1


def test_the_personal_feed_lists_my_meetings_and_its_token_can_be_reset(session):
    a, b = pair(session)
    request(session, a, b)
    path = calendar_feed.do_regenerate_feed(session=session, user_id=a.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert calendar_feed.feed_owner(session=session, token=token) == a.id
    assert len(events_of(calendar_feed.ics_feed(session=session, user_id=a.id, now=NOW))) == 1
    new_path = calendar_feed.do_regenerate_feed(session=session, user_id=a.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    assert new_path != path
    assert calendar_feed.feed_owner(session=session, token=token) is None
    assert calendar_feed.feed_owner(session=session, token=new_path.rsplit("/", 1)[1][:-4]) == a.id
