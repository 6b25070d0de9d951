"""When the clock must act on a meeting (pure: `now` is a parameter).

    accepted         reminder at start − 24 h (UTC arithmetic: 24 real hours, whatever DST does; already past
                     at acceptance → due now), start at start, end at end
    in_progress      end at end
    awaiting_review  close at end + 7 days
    anything else    nothing

Each timer has a stable id per meeting and kind, so planning again replaces (moves) the timer and
reaching a final state removes it. What a timer does when it fires is decided again at that moment (a
reminder for a meeting that has already started is skipped, not sent late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engnest.meetings.domain.meeting_lifecycle import review_deadline

REMINDER_BEFORE = dt.timedelta(hours=24)
DISPUTE_WINDOW = dt.timedelta(hours=72)
KINDS = ("reminder", "start", "end", "close")


@dataclass(frozen=True)
class Timer:
    id: str
    kind: str
    subject_id: int  # the meeting (or, for "strike", the review)
    run_at: dt.datetime


def timer_id(meeting_id: int, kind: str) -> str:
    return f"meeting:{meeting_id}:{kind}"


def all_timer_ids(meeting_id: int) -> list[str]:
    return [timer_id(meeting_id, k) for k in KINDS]


def reminder_time(start_at: dt.datetime) -> dt.datetime:
    """24 real hours before the start (aware datetimes subtract in UTC, so a DST change in between does
    not move it)."""
    return start_at.astimezone(dt.timezone.utc) - REMINDER_BEFORE


def plan(meeting_id: int, status: str, start_at: dt.datetime, end_at: dt.datetime, now: dt.datetime) -> list[Timer]:
    """The timers a meeting in `status` needs from `now` on."""
    if status == "accepted":
        return [
            Timer(timer_id(meeting_id, "reminder"), "reminder", meeting_id, max(reminder_time(start_at), now)),
            Timer(timer_id(meeting_id, "start"), "start", meeting_id, start_at),
            Timer(timer_id(meeting_id, "end"), "end", meeting_id, end_at),
        ]
    if status == "in_progress":
        return [Timer(timer_id(meeting_id, "end"), "end", meeting_id, end_at)]
    if status == "awaiting_review":
        return [Timer(timer_id(meeting_id, "close"), "close", meeting_id, review_deadline(end_at))]
    return []


def strike_timer(review_id: int, reported_at: dt.datetime) -> Timer:
    """A reported no-show becomes a strike when the dispute window closes undisputed."""
    return Timer(f"review:{review_id}:strike", "strike", review_id, reported_at + DISPUTE_WINDOW)
