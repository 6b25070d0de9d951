"""Meetings' start-up registrations (loaded by engnest.features): its notification kinds (two are emailed, with
the meeting's time and place; the acceptance with the .ics file), its timer kinds and the reconciler that
re-creates lost timers when a process becomes the scheduler."""

from __future__ import annotations

from engnest.calls.services.rooms import register_room_provider
from engnest.meetings.services import call_room, meeting_clock, meeting_mail, reviews, timers
from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind
from engnest.platform.scheduler import registry

STYLES: dict[str, KindStyle] = {
    "meeting_requested": KindStyle("Meeting request", "calendar_plus", "blue"),
    "meeting_accepted": KindStyle("Meeting accepted", "calendar_check", "green"),
    "meeting_declined": KindStyle("Meeting declined", "calendar_x", "gray"),
    "meeting_countered": KindStyle("New time proposed", "calendar_clock", "amber"),
    "meeting_cancelled": KindStyle("Meeting cancelled", "calendar_x", "red"),
    "meeting_withdrawn": KindStyle("Request withdrawn", "calendar_minus", "gray"),
    "meeting_reminder": KindStyle("Reminder", "alarm_clock", "violet"),
    "meeting_started": KindStyle("Meeting started", "play", "green"),
    "review_request": KindStyle("Please review", "star", "amber"),
    "meeting_change_proposed": KindStyle("New time proposed", "calendar_sync", "amber"),
    "meeting_rescheduled": KindStyle("Meeting moved", "calendar_check_2", "green"),
    "meeting_change_declined": KindStyle("Change declined", "calendar_x", "gray"),
    "no_show_reported": KindStyle("No-show reported", "user_x", "red"),
    "no_show_disputed": KindStyle("No-show disputed", "scale", "amber"),
    "strike": KindStyle("No-show strike", "triangle_alert", "red"),
}
EMAILED = frozenset({"meeting_accepted", "meeting_reminder"})


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


TIMERS = {"reminder": _reminder, "start": _start, "end": _end, "close": _close, "strike": _strike}

for _kind, _style in STYLES.items():
    register_kind(_kind, KindSpec(_style, emailed=_kind in EMAILED, email_part=meeting_mail.email_part))
for _kind, _handler in TIMERS.items():
    registry.register_timer(_kind, _handler)
registry.register_reconciler(timers.do_reconcile)
register_room_provider(call_room.room_of)  # an accepted online meeting has a call room (engnest.calls.services.rooms)
