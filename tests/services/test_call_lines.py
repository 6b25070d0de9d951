"""A finished call leaves one line in the two people's conversation (issue 12 item 1): "Missed video call" when
nobody answered, "Video call · 3:12" when it was answered; none for a declined call or one ended by a block; the
line is the server's, so nobody can edit or delete it, and a timer racing a hang-up still writes it once."""

from __future__ import annotations

import datetime as dt

import pytest
from call_support import block, collaborators, live_call, person, ring
from factories import NOW
from sqlmodel import select

from engnest.calls.services import calls, rooms
from engnest.messaging.models import Message
from engnest.messaging.services import message_edits, message_views
from engnest.platform.domain.errors import ValidationFailed


def lines(session) -> list[tuple[int, str, bool]]:
    session.expire_all()
    rows = session.exec(select(Message).order_by(Message.id)).all()
    return [(m.sender_id, m.body, message_views.as_row(m).call) for m in rows]


def test_a_missed_call_and_a_completed_one_each_leave_a_line(sqlite_session):
    s = sqlite_session
    a, b = person(s), person(s)
    collaborators(s, a, b)
    missed = ring(s, a, b)
    rooms.do_ring_out(session=s, call_id=missed.id, now=NOW + dt.timedelta(seconds=46))
    rooms.do_ring_out(session=s, call_id=missed.id, now=NOW + dt.timedelta(seconds=47))  # the timer again: one line
    s.commit()
    live = live_call(s, b, a, now=NOW + dt.timedelta(minutes=5))  # Ben calls back, Aiko answers 3 s later
    calls.hang_up(session=s, call_id=live.id, me=a.id, now=NOW + dt.timedelta(minutes=8, seconds=15))
    s.commit()
    assert lines(s) == [(a.id, "Missed video call", True), (b.id, "Video call · 3:12", True)]
    conversation = message_views.direct_conversation_id(session=s, a=a.id, b=b.id)
    page = message_views.thread_page(session=s, conversation_id=conversation)
    assert [m.call for m in page.messages] == [True, True]


def test_declined_and_blocked_calls_leave_no_line(sqlite_session):
    s = sqlite_session
    a, b = person(s), person(s)
    collaborators(s, a, b)
    declined = ring(s, a, b, media="audio")
    calls.hang_up(session=s, call_id=declined.id, me=b.id, now=NOW + dt.timedelta(seconds=3))
    s.commit()
    live_call(s, a, b, now=NOW + dt.timedelta(minutes=1))
    block(s, b, a)
    assert lines(s) == []


def test_nobody_can_edit_or_delete_a_calls_line(sqlite_session):
    s = sqlite_session
    a, b = person(s), person(s)
    collaborators(s, a, b)
    missed = ring(s, a, b)
    calls.hang_up(session=s, call_id=missed.id, me=a.id, now=NOW + dt.timedelta(seconds=10))  # the caller gave up
    s.commit()
    [line] = s.exec(select(Message)).all()
    assert (line.sender_id, line.body) == (a.id, "Missed video call")
    with pytest.raises(ValidationFailed) as exc:
        message_edits.check_edit_message(session=s, editor_id=a.id, message_id=line.id, body="I never called", now=NOW + dt.timedelta(seconds=20))
    assert exc.value.first() == message_edits.CALL_LINE
    with pytest.raises(ValidationFailed):
        message_edits.check_delete_message(session=s, editor_id=a.id, message_id=line.id, now=NOW + dt.timedelta(seconds=20))
