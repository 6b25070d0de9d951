"""An accepted online meeting's room (issue 12 item 2): only its two participants, only from 10 minutes before the
start to the end; the first to join waits, the second lands in the same call; attendance is read from the room's
calls. And the server-side end of a call nobody answered (its timer row, run with the clock pinned)."""

from __future__ import annotations

import datetime as dt

import pytest
from call_support import collaborators, person, ring
from factories import NOW
from meeting_support import accepted_meeting, pair
from sqlmodel import select

from engnest.billing.services import credits
from engnest.calls.domain import call_rules as rules
from engnest.calls.models import Call
from engnest.calls.services import calls, rooms
from engnest.calls.services.call_core import TIMER_KIND
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.scheduler import registry, timers

START = NOW + dt.timedelta(days=3)
MIN = dt.timedelta(minutes=1)


def online(session, a, b, *, kind: str = "online"):
    if kind == "online":
        credits.do_grant(session=session, user_id=a.id, credits=1, key=f"room-test:{a.id}", note="test", now=NOW)
    return accepted_meeting(session, a, b, start=START, minutes=30, kind=kind)


def refusal(session, meeting_id, me, now) -> str:
    with pytest.raises(ValidationFailed) as exc:
        rooms.join_room(session=session, meeting_id=meeting_id, me=me, now=now)
    session.rollback()
    return exc.value.first()


def test_both_participants_land_in_the_same_call_inside_the_window(sqlite_session):
    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    first = rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START - 10 * MIN)
    s.commit()
    assert (first.status, first.role, first.peer_id, first.meeting_id) == ("ringing", "caller", b.id, m.id)
    # Still waiting long after a normal call would have rung out: a room waits for the other participant.
    assert calls.call_view(session=s, call_id=first.id, me=b.id, now=START + 5 * MIN).status == "ringing"
    second = rooms.join_room(session=s, meeting_id=m.id, me=b.id, now=START + 5 * MIN)
    s.commit()
    assert (second.id, second.status, second.role) == (first.id, "live", "callee")
    calls.hang_up(session=s, call_id=first.id, me=a.id, now=START + 25 * MIN)
    s.commit()
    assert rooms.attendance(session=s, meeting_id=m.id, now=START + 40 * MIN) == {a.id: 35 * 60, b.id: 20 * 60}


def test_the_room_is_closed_before_its_window_and_after_the_end(sqlite_session):
    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    assert refusal(s, m.id, a.id, START - 10 * MIN - dt.timedelta(seconds=1)) == rules.ROOM_NOT_YET
    assert refusal(s, m.id, b.id, START + 30 * MIN) == rules.ROOM_CLOSED
    assert s.exec(select(Call)).all() == []


def test_only_the_two_participants_of_an_accepted_online_meeting_may_join(sqlite_session):
    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    c = person(s)
    collaborators(s, a, c)
    rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START)  # the owner of the room can join it
    s.rollback()
    assert refusal(s, m.id, c.id, START) == rooms.NOT_YOURS  # a third person, even a collaborator of one of them
    in_person = online(s, *pair(s), kind="in_person")
    assert refusal(s, in_person.id, in_person.requester_id, START) == rooms.NOT_YOURS
    for junk in (None, "1", True, -3, 2**40, m.id + 1000):
        assert refusal(s, junk, a.id, START) == rooms.NOT_YOURS
    assert rooms.room_for(session=s, meeting_id=m.id, me=c.id) is None


def test_rejoining_starts_the_room_call_again_and_time_adds_up(sqlite_session):
    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    first = rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START)
    rooms.join_room(session=s, meeting_id=m.id, me=b.id, now=START + MIN)
    again = rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START + 4 * MIN)  # a reload in a new tab
    s.commit()
    assert again.id != first.id and again.status == "ringing"
    assert s.get(Call, first.id).status == "ended"
    rooms.join_room(session=s, meeting_id=m.id, me=b.id, now=START + 5 * MIN)
    calls.hang_up(session=s, call_id=again.id, me=b.id, now=START + 15 * MIN)
    s.commit()
    assert rooms.attendance(session=s, meeting_id=m.id, now=START + 30 * MIN) == {a.id: 15 * 60, b.id: 13 * 60}


def _fire(call_id: int, at: dt.datetime, time_machine) -> None:
    time_machine.move_to(at, tick=False)
    registry.fire(TIMER_KIND, call_id)


def test_an_unanswered_call_ends_as_missed_on_the_server_when_its_timer_fires(sqlite_session, time_machine):
    s = sqlite_session
    a, b = person(s), person(s)
    collaborators(s, a, b)
    view = ring(s, a, b)  # both browsers then vanish: nobody hangs up, nobody looks at the call again
    [job] = timers.scheduled_ids(s, prefix=f"call:{view.id}:")
    assert timers.next_run(s, job) == NOW + dt.timedelta(seconds=rules.RING_SECONDS + 1)
    _fire(view.id, NOW + dt.timedelta(seconds=20), time_machine)  # early (a clock that jumped): nothing happens
    s.expire_all()
    assert s.get(Call, view.id).status == "ringing"
    _fire(view.id, NOW + dt.timedelta(seconds=rules.RING_SECONDS + 1), time_machine)
    _fire(view.id, NOW + dt.timedelta(seconds=rules.RING_SECONDS + 2), time_machine)  # twice: still one notification
    s.expire_all()
    assert s.get(Call, view.id).status == "missed"
    missed = s.exec(select(Notification).where(Notification.kind == "call_missed")).all()
    assert [(n.user_id, n.title) for n in missed] == [(b.id, f"Missed video call from {calls.display_name(session=s, user_id=a.id)}")]


def test_an_answered_call_is_left_alone_by_its_ring_out_timer(sqlite_session, time_machine):
    s = sqlite_session
    a, b = person(s), person(s)
    collaborators(s, a, b)
    view = ring(s, a, b)
    calls.accept(session=s, call_id=view.id, me=b.id, now=NOW + dt.timedelta(seconds=5))
    s.commit()
    _fire(view.id, NOW + dt.timedelta(seconds=rules.RING_SECONDS + 1), time_machine)
    s.expire_all()
    assert s.get(Call, view.id).status == "live"


def test_a_room_nobody_else_joined_closes_as_missed_at_the_meetings_end(sqlite_session, time_machine):
    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    view = rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START - 5 * MIN)
    s.commit()
    assert timers.next_run(s, timers.scheduled_ids(s, prefix=f"call:{view.id}:")[0]) == START + 30 * MIN
    _fire(view.id, START + 29 * MIN, time_machine)
    s.expire_all()
    assert s.get(Call, view.id).status == "ringing"
    _fire(view.id, START + 30 * MIN, time_machine)
    s.expire_all()
    assert s.get(Call, view.id).status == "missed"
    assert rooms.attendance(session=s, meeting_id=m.id, now=START + 60 * MIN) == {a.id: 35 * 60}


def test_who_joined_the_room_cannot_be_reported_absent_who_never_did_can(sqlite_session):
    from engnest.meetings.models import MeetingReview
    from engnest.meetings.services import reviews

    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    waiting = rooms.join_room(session=s, meeting_id=m.id, me=a.id, now=START + 2 * MIN)  # Aiko waits; Ben never comes
    rooms.do_ring_out(session=s, call_id=waiting.id, now=START + 30 * MIN)  # the room's timer closes it at the end
    s.commit()
    after = START + 45 * MIN
    with pytest.raises(ValidationFailed) as exc:
        reviews.submit_review(session=s, meeting_id=m.id, user_id=b.id, rating=1, comment="", attended="no", now=after)
    assert exc.value.first() == "They joined the meeting room (for 28:00), so they cannot be reported as absent."
    report = reviews.submit_review(session=s, meeting_id=m.id, user_id=a.id, rating=1, comment="", attended="no", now=after)
    assert (report.reviewee_id, report.other_attended) == (b.id, False)  # a no-show candidate: he never joined
    assert [r.reviewer_id for r in s.exec(select(MeetingReview)).all()] == [a.id]


def test_the_reminder_email_of_an_online_meeting_says_where_to_join(sqlite_session):
    from engnest.accounts.models import User
    from engnest.meetings.services import meeting_clock
    from engnest.notifications.services import mail_compose
    from engnest.platform import routes
    from engnest.platform.settings import get_settings

    s = sqlite_session
    a, b = pair(s)
    m = online(s, a, b)
    meeting_clock.do_remind(session=s, meeting_id=m.id, now=START - dt.timedelta(hours=24))
    s.commit()
    note = s.exec(select(Notification).where(Notification.kind == "meeting_reminder", Notification.user_id == b.id)).one()
    body = mail_compose.draft(session=s, notification=note, user=s.get(User, b.id), now=START - dt.timedelta(hours=24)).body
    join = f"{get_settings().public_url.rstrip('/')}{routes.meeting_url(m.id)}"
    assert f"Join the call: {join} (the room opens 10 minutes before the start)" in body.splitlines()
