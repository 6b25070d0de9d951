"""Calls' start-up registrations (loaded by engnest.features): the missed-call notification kind, the timer that ends
a call nobody answered on the server, and ending a call when one side blocks the other or deletes their account
(the browsers hear "ended" and drop the connection)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from engnest.accounts.services import account_hooks
from engnest.calls.services import calls, rooms
from engnest.calls.services.call_core import TIMER_KIND
from engnest.network.services import relations
from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind
from engnest.platform.clock import utcnow
from engnest.platform.scheduler import registry


def end_calls_on_block(session: Session, blocker: int, blocked: int, now: dt.datetime) -> None:
    calls.do_end_calls_between(session=session, a=blocker, b=blocked, now=now)


def end_calls_on_delete(session: Session, user_id: int) -> None:
    calls.do_end_calls_of(session=session, user_id=user_id, now=utcnow())


def ring_out(session: Session, call_id: int, now: dt.datetime) -> None:
    rooms.do_ring_out(session=session, call_id=call_id, now=now)


register_kind("call_missed", KindSpec(KindStyle("Missed call", "phone_missed", "red")))
relations.on_block(end_calls_on_block)
account_hooks.on_account_deleting(end_calls_on_delete)
registry.register_timer(TIMER_KIND, ring_out)
