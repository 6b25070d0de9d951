"""The meeting state machine (pure: `now` is a parameter).

    pending ──accept──▶ accepted ──start──▶ in_progress ──end──▶ awaiting_review ──complete──▶ completed
       │                  │  └──────────────end (missed start)──────▶┘        └──close (7 days)──▶ closed
       │                  ├─cancel (reason; late if < 24 h before start)──▶ cancelled
       │                  └─propose_change / accept_change / decline_change / withdraw_change (stays accepted)
       │ ├─decline──▶ declined
       │ ├─cancel───▶ cancelled  (withdrawn by whoever made the open proposal)
       │ └─counter──▶ countered (new time and/or spot; now the other person answers:
       │                         accept / decline / counter again / the counter-proposer may cancel)

An open request (pending or countered) always waits for one person, `awaiting_id`: only they may accept,
decline or counter; the other may withdraw (cancel). An accepted meeting that has not started may get one
pending change (new time and/or spot) proposed by either person (`change_by_id`): the other accepts or
declines it, the proposer may withdraw it; the agreed terms hold until it is accepted. start, end, complete
and close are the system's (actor None), driven by the clock: the scheduler and lazy catch-up. Repeating a change that already happened (a double
click, two tabs, a retried request) is a no-op, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engnest.platform.domain.errors import ValidationFailed

STATUSES: dict[str, str] = {
    "pending": "Pending",
    "countered": "Counter-proposed",
    "accepted": "Accepted",
    "in_progress": "In progress",
    "awaiting_review": "Awaiting reviews",
    "declined": "Declined",
    "cancelled": "Cancelled",
    "completed": "Completed",
    "closed": "Closed",
}
OPEN = frozenset({"pending", "countered"})
FINAL = frozenset({"declined", "cancelled", "completed", "closed"})
STARTED = frozenset({"in_progress", "awaiting_review", "completed", "closed"})
ENDED = frozenset({"awaiting_review", "completed", "closed"})
USER_ACTIONS = ("accept", "decline", "counter", "cancel")
CHANGE_ACTIONS = ("propose_change", "accept_change", "decline_change", "withdraw_change")
SYSTEM_ACTIONS = ("start", "end", "complete", "close")
ACTIONS = USER_ACTIONS + CHANGE_ACTIONS + SYSTEM_ACTIONS
RESULT = {"accept": "accepted", "decline": "declined", "counter": "countered", "cancel": "cancelled", "complete": "completed"}
LATE_CANCEL_HOURS = 24
REVIEW_DAYS = 7
MAX_COUNTERS = 6


class TransitionRefused(ValidationFailed):
    """The action is not allowed in the meeting's current state (message under `form`)."""

    def __init__(self, message: str) -> None:
        super().__init__(form=message)


@dataclass(frozen=True)
class MeetingFacts:
    status: str
    requester_id: int
    recipient_id: int
    awaiting_id: int | None
    start_at: dt.datetime
    end_at: dt.datetime
    counter_count: int = 0
    cancelled_by_id: int | None = None
    change_by_id: int | None = None  # who proposed the pending change of an accepted meeting


@dataclass(frozen=True)
class Decision:
    status: str
    awaiting_id: int | None
    noop: bool = False
    late: bool = False
    change_by_id: int | None = None  # the pending change after the action (None: none / cleared)


def other(facts: MeetingFacts, user_id: int) -> int:
    return facts.recipient_id if user_id == facts.requester_id else facts.requester_id


def _refuse_status(facts: MeetingFacts, verb: str) -> TransitionRefused:
    label = STATUSES.get(facts.status, facts.status).lower()
    return TransitionRefused(f"This meeting is {label}; it can no longer be {verb}.")


def decide(
    facts: MeetingFacts,
    action: str,
    actor_id: int | None,
    now: dt.datetime,
    *,
    reason: str = "",
    same_terms: bool = False,
) -> Decision:
    """What `action` by `actor_id` does now, or TransitionRefused with a message for the person.
    `complete` may also come from the system (actor None); every other action needs a participant."""
    if action not in ACTIONS:
        raise TransitionRefused("Unknown action.")
    if action in SYSTEM_ACTIONS:
        if actor_id is not None:
            raise TransitionRefused("This meeting does not exist.")
        return _system(facts, action, now)
    if actor_id not in (facts.requester_id, facts.recipient_id):
        raise TransitionRefused("This meeting does not exist.")  # never confirm other people's meetings
    if action in CHANGE_ACTIONS:
        return _change(facts, action, actor_id, now)
    status = facts.status
    if status == RESULT[action] and action != "counter":
        return Decision(status, facts.awaiting_id, noop=True, change_by_id=facts.change_by_id)
    if action == "cancel":
        return _cancel(facts, actor_id, now, reason)
    if status not in OPEN:
        raise _refuse_status(facts, {"accept": "accepted", "decline": "declined", "counter": "changed"}[action])
    if actor_id != facts.awaiting_id:
        if action == "counter" and status == "countered" and same_terms:
            return Decision(status, facts.awaiting_id, noop=True)  # the same counter-proposal again
        raise TransitionRefused("You made this proposal; wait for the other person to answer, or withdraw it.")
    if action == "accept":
        if facts.start_at <= now:
            raise TransitionRefused("The proposed time has already passed. Propose a new time instead.")
        return Decision("accepted", None)
    if action == "decline":
        return Decision("declined", None)
    if facts.counter_count >= MAX_COUNTERS:
        raise TransitionRefused(
            f"You have gone back and forth {MAX_COUNTERS} times. Accept or decline this proposal, or start a new request."
        )
    return Decision("countered", other(facts, actor_id))


def _cancel(facts: MeetingFacts, actor_id: int, now: dt.datetime, reason: str) -> Decision:
    status = facts.status
    if status in OPEN:
        if actor_id == facts.awaiting_id:
            raise TransitionRefused("To say no to this proposal, decline it.")
        return Decision("cancelled", None)
    if status == "in_progress":
        raise TransitionRefused("This meeting has already started.")
    if status != "accepted":
        raise _refuse_status(facts, "cancelled")
    if now >= facts.end_at:
        raise TransitionRefused("This meeting has already ended.")
    if now >= facts.start_at:
        raise TransitionRefused("This meeting has already started.")
    if not reason.strip():
        raise ValidationFailed(reason="Tell the other person why you are cancelling.")
    late = facts.start_at - now < dt.timedelta(hours=LATE_CANCEL_HOURS)
    return Decision("cancelled", None, late=late)


def _system(facts: MeetingFacts, action: str, now: dt.datetime) -> Decision:
    """The clock-driven transitions. Repeats and late arrivals (a start job after the end job) are no-ops."""
    status = facts.status
    if action == "start":
        if status in STARTED:
            return Decision(status, None, noop=True)
        if status != "accepted":
            raise _refuse_status(facts, "started")
        if now < facts.start_at:
            raise TransitionRefused("This meeting has not started yet.")
        return Decision("in_progress", None)
    if action == "end":
        if status in ENDED:
            return Decision(status, None, noop=True)
        if status not in ("accepted", "in_progress"):
            raise _refuse_status(facts, "ended")
        if now < facts.end_at:
            raise TransitionRefused("This meeting has not ended yet.")
        return Decision("awaiting_review", None)
    if status in ("completed", "closed"):
        return Decision(status, None, noop=True)
    if status != "awaiting_review":
        raise _refuse_status(facts, "completed" if action == "complete" else "closed")
    if action == "close" and now < review_deadline(facts.end_at):
        raise TransitionRefused("Reviews are still open for this meeting.")
    return Decision("completed" if action == "complete" else "closed", None)


def review_deadline(end_at: dt.datetime) -> dt.datetime:
    return end_at + dt.timedelta(days=REVIEW_DAYS)


def _change(facts: MeetingFacts, action: str, actor_id: int, now: dt.datetime) -> Decision:
    """A change of time/spot to an accepted meeting that has not started."""
    if facts.status != "accepted":
        raise _refuse_status(facts, "changed")
    if now >= facts.start_at:
        raise TransitionRefused("This meeting has already started.")
    pending = facts.change_by_id
    if action == "propose_change":
        if pending is not None and pending != actor_id:
            raise TransitionRefused("They proposed a change already: accept or decline it first.")
        return Decision("accepted", None, change_by_id=actor_id)
    if pending is None:
        return Decision("accepted", None, noop=True)  # already answered or withdrawn (a double click)
    if action == "withdraw_change":
        if pending != actor_id:
            raise TransitionRefused("Only the person who proposed the change can withdraw it.")
        return Decision("accepted", None)
    if pending == actor_id:
        raise TransitionRefused("You proposed this change; wait for the other person to answer, or withdraw it.")
    return Decision("accepted", None)


def allowed_actions(facts: MeetingFacts, viewer_id: int, now: dt.datetime) -> list[str]:
    """The actions `viewer_id` may take right now (what the detail page offers)."""
    out = []
    for action in ("accept", "counter", "decline", "cancel", *CHANGE_ACTIONS):
        try:
            decision = decide(facts, action, viewer_id, now, reason="(probe)")
        except ValidationFailed:
            continue
        if not decision.noop and not (action == "propose_change" and facts.change_by_id is not None):
            out.append(action)
    return out
