"""A call nobody answers ends as missed on the server (issue 12): the real scheduler runs the call's timer row at
its time (the clock moved past it with time-machine), with no browser left to hang up; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import time_machine
from call_support import collaborators, person, ring
from sqlmodel import select

from engnest.calls.domain import call_rules as rules
from engnest.calls.models import Call
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow
from jobs.test_scheduler import runtimes, wait_for  # noqa: F401  (the scheduler fixture and the wait)


def status(session, call_id: int) -> str:
    session.rollback()
    session.expire_all()
    return session.get(Call, call_id).status


def test_an_unanswered_call_is_written_down_as_missed_by_the_scheduler(session, runtimes):  # noqa: F811
    a, b = person(session), person(session)
    collaborators(session, a, b)
    now = utcnow()
    view = ring(session, a, b, now=now)  # both browsers are gone from here on
    rt = runtimes()
    rt.watch.settle()
    assert status(session, view.id) == "ringing"  # not due yet: nothing fired
    with time_machine.travel(now + dt.timedelta(seconds=rules.RING_SECONDS + 1), tick=True):
        wait_for(lambda: status(session, view.id) == "missed", what="the call written down as missed")
        rt.watch.settle()
    missed = session.exec(select(Notification.user_id).where(Notification.kind == "call_missed")).all()
    assert list(missed) == [b.id]
