"""Job functions: each opens a session and calls one service with the current time. Nothing else."""

from __future__ import annotations

import logging

from engnest.meetings.services import meeting_clock, reviews
from engnest.platform.clock import utcnow
from engnest.platform.db import session_scope
from engnest.platform.mail import mail

log = logging.getLogger(__name__)


def _reminder(session, subject_id, now):
    return meeting_clock.do_remind(session=session, meeting_id=subject_id, now=now)


def _start(session, subject_id, now):
    return meeting_clock.do_start(session=session, meeting_id=subject_id, now=now)


def _end(session, subject_id, now):
    return meeting_clock.do_end(session=session, meeting_id=subject_id, now=now)


def _close(session, subject_id, now):
    return meeting_clock.do_close(session=session, meeting_id=subject_id, now=now)


def _strike(session, subject_id, now):
    return reviews.do_finalize_strike(session=session, review_id=subject_id, now=now)


HANDLERS = {"reminder": _reminder, "start": _start, "end": _end, "close": _close, "strike": _strike}


def fire(kind: str, subject_id: int) -> None:
    """What a timer (services.timers) runs when it is due."""
    handler = HANDLERS.get(kind)
    if handler is None:
        log.error("unknown timer kind %r for %s", kind, subject_id)
        return
    with session_scope() as session:
        handler(session, int(subject_id), utcnow())


def sweep_mail() -> None:
    """Every MAIL_SWEEP_SECONDS: send queued email whose (re)try is due (a first attempt that failed)."""
    with session_scope() as session:
        mail.do_deliver_pending(session=session, now=utcnow())
