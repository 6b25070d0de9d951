"""The meeting state machine (pure: `now` is a parameter).

    pending ──accept──▶ accepted ──complete (after it ends)──▶ completed
       │ ├─decline──▶ declined      └──cancel (reason; late if < 24 h before start)──▶ cancelled
       │ ├─cancel───▶ cancelled  (withdrawn by whoever made the open proposal)
       │ └─counter──▶ countered (new time and/or spot; now the other person answers:
       │                         accept / decline / counter again / the counter-proposer may cancel)

An open request (pending or countered) always waits for one person, `awaiting_id`: only they may accept,
decline or counter; the other may withdraw (cancel). Repeating a change that already happened (a double
click, two tabs, a retried request) is a no-op, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engnest.domain.errors import ValidationFailed

STATUSES: dict[str, str] = {
    "pending": "Pending",
    "countered": "Counter-proposed",
    "accepted": "Accepted",
    "declined": "Declined",
    "cancelled": "Cancelled",
    "completed": "Completed",
}
OPEN = frozenset({"pending", "countered"})
FINAL = frozenset({"declined", "cancelled", "completed"})
ACTIONS = ("accept", "decline", "counter", "cancel", "complete")
RESULT = {"accept": "accepted", "decline": "declined", "counter": "countered", "cancel": "cancelled", "complete": "completed"}
LATE_CANCEL_HOURS = 24
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


@dataclass(frozen=True)
class Decision:
    status: str
    awaiting_id: int | None
    noop: bool = False
    late: bool = False


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
    if actor_id not in (facts.requester_id, facts.recipient_id) and not (action == "complete" and actor_id is None):
        raise TransitionRefused("This meeting does not exist.")  # never confirm other people's meetings
    status = facts.status
    if status == RESULT[action] and action != "counter":
        return Decision(status, facts.awaiting_id, noop=True)
    if action == "complete":
        if status != "accepted":
            raise _refuse_status(facts, "completed")
        if now < facts.end_at:
            raise TransitionRefused("This meeting has not ended yet.")
        return Decision("completed", None)
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


def allowed_actions(facts: MeetingFacts, viewer_id: int, now: dt.datetime) -> list[str]:
    """The actions `viewer_id` may take right now (what the detail page offers)."""
    out = []
    for action in ("accept", "counter", "decline", "cancel"):
        try:
            decision = decide(facts, action, viewer_id, now, reason="(probe)")
        except ValidationFailed:
            continue
        if not decision.noop:
            out.append(action)
    return out
