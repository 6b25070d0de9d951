import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from meeting_support import local_slot, pair, request, spot_ids, use_redis_limits

from engnest.billing.models import CreditEntry
from engnest.meetings.models import Meeting, MeetingEvent
from engnest.meetings.services import meeting_requests
from engnest.network.models import Block
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache


def count(session, model) -> int:
    return session.exec(sa.select(sa.func.count()).select_from(model)).one()[0]


def test_in_person_request_is_pending_at_the_spot_with_each_persons_distance_and_notifies_the_recipient(session):
    a, b = pair(session)
    spot = spot_ids(session, a, b)[0]
    meeting = request(session, a, b, spot=spot)
    assert (meeting.status, meeting.awaiting_id, meeting.proposed_by_id) == ("pending", b.id, a.id)
    assert meeting.spot_place_id == spot and meeting.spot_kind == "cafe"
    assert 5 < meeting.requester_km < 25 and 5 < meeting.recipient_km < 25
    note = session.exec(sa.select(Notification).where(Notification.user_id == b.id)).one()[0]
    assert note.kind == "meeting_requested" and note.link == f"/meetings/{meeting.id}"
    assert "Aiko" not in note.title + note.body  # strangers are anonymised
    assert "Mechanical engineer near Tokyo" in note.title
    assert count(session, MeetingEvent) == 1


def test_the_start_is_read_in_the_requesters_timezone(session):
    a, b = pair(session, a_tz="Asia/Tokyo")
    meeting = request(session, a, b, hour=10)
    start = meeting.start_at.replace(tzinfo=dt.timezone.utc) if meeting.start_at.tzinfo is None else meeting.start_at
    assert (start.hour, start.minute) == (1, 0)  # 10:00 in Tokyo is 01:00 UTC
    assert meeting.end_at - meeting.start_at == dt.timedelta(hours=1)


def test_recipient_notification_shows_the_time_in_the_recipients_timezone(session):
    a, b = pair(session, a_tz="Asia/Tokyo", b_tz="America/New_York")
    request(session, a, b, hour=10)
    note = session.exec(sa.select(Notification).where(Notification.user_id == b.id)).one()[0]
    assert "20:00 EST" in note.body  # 10:00 JST the next day is 20:00 the evening before in New York


def test_online_request_needs_no_spot(session):
    a, b = pair(session)
    from engnest.billing.services import credits

    credits.do_grant(session=session, user_id=a.id, credits=1, key="t", note="", now=NOW)
    meeting = request(session, a, b, kind="online", spot=None)
    assert meeting.kind == "online" and meeting.spot_place_id is None and meeting.uses_credit


def test_request_to_self_is_refused_and_nothing_is_written(session):
    a, _ = pair(session)
    with pytest.raises(ValidationFailed) as exc:
        request(session, a, a, spot=None)
    assert "yourself" in exc.value.errors["form"]
    assert count(session, Meeting) == 0


@pytest.mark.parametrize("who", ["sender", "recipient"])
def test_incomplete_profiles_cannot_request_or_be_requested(session, who):
    a, b = pair(session)
    stranger = make_user(session)  # no profile
    sender, recipient = (stranger, b) if who == "sender" else (a, stranger)
    date, time = local_slot()
    with pytest.raises(ValidationFailed) as exc:
        meeting_requests.request_meeting(
            session=session, requester_id=sender.id, recipient_id=recipient.id, kind="online",
            start_date=date, start_time=time, duration=60, now=NOW,
        )
    assert "profile" in exc.value.errors["form"]
    assert count(session, Meeting) == 0


@pytest.mark.parametrize("blocker", ["requester", "recipient"])
def test_blocked_users_cannot_request_each_other_and_are_told_the_same_as_for_a_missing_user(session, blocker):
    a, b = pair(session)
    x, y = (a, b) if blocker == "requester" else (b, a)
    session.add(Block(blocker_id=x.id, blocked_id=y.id, created_at=NOW))
    session.commit()
    with pytest.raises(ValidationFailed) as blocked:
        request(session, a, b, kind="online", spot=None)
    date, time = local_slot()
    with pytest.raises(ValidationFailed) as missing:
        meeting_requests.request_meeting(
            session=session, requester_id=a.id, recipient_id=999_999, kind="online", start_date=date, start_time=time, duration=60, now=NOW
        )
    assert blocked.value.errors == missing.value.errors
    assert count(session, Meeting) == 0


def test_only_one_open_request_per_pair_in_either_direction(session):
    a, b = pair(session)
    request(session, a, b)
    with pytest.raises(ValidationFailed) as exc:
        request(session, b, a, days=12)
    assert "open meeting request" in exc.value.errors["form"]
    assert count(session, Meeting) == 1


def test_sending_the_same_request_twice_returns_the_first(session):
    a, b = pair(session)
    first = request(session, a, b)
    second = request(session, a, b)
    assert second.id == first.id
    assert count(session, Meeting) == 1 and count(session, Notification) == 1


def test_a_new_request_is_possible_once_the_previous_one_is_closed(session):
    from engnest.meetings.services import meeting_actions

    a, b = pair(session)
    first = request(session, a, b)
    meeting_actions.decline(session=session, meeting_id=first.id, user_id=b.id, now=NOW)
    assert request(session, a, b, days=20).id != first.id


@pytest.fixture(params=["memory", "redis"])
def two_requests_a_day(request, monkeypatch):
    monkeypatch.setenv("MEETING_REQUEST_LIMIT", "2/day")
    if request.param == "redis":
        use_redis_limits(monkeypatch, request.getfixturevalue("redis_url"))
    reset_settings_cache()
    throttle.reset_all()
    yield
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def test_the_daily_request_limit_refuses_the_next_request(session, two_requests_a_day):
    a = make_user(session, complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
    others = [make_user(session, complete=True, city="Yokohama, Japan") for _ in range(3)]
    request(session, a, others[0])
    request(session, a, others[1])
    with pytest.raises(ValidationFailed) as exc:
        request(session, a, others[2])
    assert "Too many meeting requests" in exc.value.errors["form"]
    assert count(session, Meeting) == 2


BAD_INPUT = [
    ("past time", dict(start=("2026-11-20", "10:00")), "start", "already passed"),
    ("too soon", dict(start=("2026-11-21", "21:10")), "start", "notice"),
    ("next year and more", dict(start=("2028-01-01", "10:00")), "start", "12 months"),
    ("not a date", dict(start=("tomorrow", "10:00")), "start", "calendar"),
    ("impossible date", dict(start=("2026-02-30", "10:00")), "start", "does not exist"),
    ("zero duration", dict(duration=0), "duration", "between"),
    ("absurd duration", dict(duration=100000), "duration", "between"),
    ("odd duration", dict(duration=50), "duration", "steps"),
    ("text duration", dict(duration="long"), "duration", "how long"),
    ("unknown kind", dict(kind="teleport"), "kind", "in person or online"),
    ("unknown spot", dict(spot="imls-pls-fy2019:NOPE"), "spot", "not in our list"),
    ("no spot", dict(spot=""), "spot", "Pick a spot"),
    ("spot far from both", dict(spot="far"), "spot", "far from both"),
    ("long message", dict(message="x" * 501), "message", "500"),
]


@pytest.mark.parametrize("label,override,field,words", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_gets_a_message_on_its_field_and_nothing_is_written(session, label, override, field, words):
    a, b = pair(session)  # Tokyo (Asia/Tokyo) asks Yokohama; NOW is 21:00 in Tokyo
    date, time = override.get("start", local_slot())
    spot = override.get("spot", spot_ids(session, a, b)[0])
    if spot == "far":
        spot = "imls-pls-fy2019:AK0001-002"  # a library in Alaska
    with pytest.raises(ValidationFailed) as exc:
        meeting_requests.request_meeting(
            session=session, requester_id=a.id, recipient_id=b.id, kind=override.get("kind", "in_person"),
            start_date=date, start_time=time, duration=override.get("duration", 60),
            message=override.get("message", ""), spot_id=spot, now=NOW,
        )
    assert words in exc.value.errors[field]
    assert count(session, Meeting) == 0 and count(session, Notification) == 0 and count(session, CreditEntry) == 0


def test_a_time_skipped_by_daylight_saving_is_refused(session):
    a, b = pair(session, a_tz="Europe/London", a_city="London, United Kingdom", b_city="Reading, United Kingdom")
    with pytest.raises(ValidationFailed) as exc:
        meeting_requests.request_meeting(
            session=session, requester_id=a.id, recipient_id=b.id, kind="online",
            start_date="2027-03-28", start_time="01:30", duration=60, now=NOW,
        )
    assert "does not exist" in exc.value.errors["start"]


def test_people_too_far_apart_cannot_meet_in_person(session):
    a, b = pair(session, b_city="Osaka, Japan")
    ids = spot_ids(session, a, b)
    assert ids == []
    with pytest.raises(ValidationFailed) as exc:
        request(session, a, b, spot="osm-japan-2014:cafe-1")
    assert "Meet online" in exc.value.errors["spot"]


def test_making_collaborators_is_not_a_side_effect_of_requesting(session):
    a, b = pair(session)
    request(session, a, b)
    assert not relations.are_collaborators(session=session, a=a.id, b=b.id)


def test_a_request_records_both_participants_and_my_meetings_read_that_relation(session):
    from engnest.meetings.models import MeetingParticipant
    from engnest.meetings.services import meeting_views

    a, b = pair(session)
    meeting = request(session, a, b)
    rows = session.exec(sa.select(MeetingParticipant.user_id, MeetingParticipant.role).where(MeetingParticipant.meeting_id == meeting.id)).all()
    assert sorted(tuple(r) for r in rows) == sorted([(a.id, "requester"), (b.id, "recipient")])
    assert [i.id for i in meeting_views.upcoming(session=session, user_id=b.id, now=NOW)] == [meeting.id]
    session.execute(sa.delete(MeetingParticipant).where(MeetingParticipant.user_id == b.id))
    assert meeting_views.upcoming(session=session, user_id=b.id, now=NOW) == []  # the relation decides, not the columns
    assert [i.id for i in meeting_views.upcoming(session=session, user_id=a.id, now=NOW)] == [meeting.id]
