"""The meeting state machine, checked exhaustively: every status x action x who x whose turn x when x reason."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engnest.domain.errors import ValidationFailed
from engnest.domain.meeting_lifecycle import (
    ACTIONS,
    MAX_COUNTERS,
    STATUSES,
    MeetingFacts,
    TransitionRefused,
    allowed_actions,
    decide,
)

REQUESTER, RECIPIENT, STRANGER = 1, 2, 3
START = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.timezone.utc)
END = START + dt.timedelta(hours=1)
PHASES = {
    "days before": START - dt.timedelta(days=3),
    "hours before": START - dt.timedelta(hours=5),
    "during": START + dt.timedelta(minutes=10),
    "after": END + dt.timedelta(minutes=1),
}
ACTORS = {"requester": REQUESTER, "recipient": RECIPIENT, "stranger": STRANGER, "system": None}
OPEN = {"pending", "countered"}


def facts(status, awaiting=None, counters=0):
    return MeetingFacts(status, REQUESTER, RECIPIENT, awaiting, START, END, counters)


def spec(status, action, actor, awaiting, phase, reason, same_terms, counters):
    """The rules of the issue, written as a table of cases (independently of the implementation)."""
    if actor == "stranger" or (actor == "system" and action != "complete"):
        return "refused"
    if action == "complete":
        return {"accepted": "completed" if phase == "after" else "refused", "completed": "noop"}.get(status, "refused")
    done = {"accept": "accepted", "decline": "declined", "cancel": "cancelled"}
    if done.get(action) == status:
        return "noop"
    my_turn = ACTORS[actor] == awaiting
    if action == "cancel":
        if status in OPEN:
            return "refused" if my_turn else "cancelled"
        if status == "accepted" and phase in ("days before", "hours before") and reason:
            return "cancelled (late)" if phase == "hours before" else "cancelled"
        return "refused"
    if status not in OPEN:
        return "refused"
    if not my_turn:
        return "noop" if action == "counter" and status == "countered" and same_terms else "refused"
    if action == "accept":
        return "accepted" if phase in ("days before", "hours before") else "refused"
    if action == "decline":
        return "declined"
    return "countered" if counters < MAX_COUNTERS else "refused"


def outcome(decision):
    if decision.noop:
        return "noop"
    return decision.status + (" (late)" if decision.late else "")


CASES = list(
    itertools.product(
        STATUSES, ACTIONS, ACTORS, (None, REQUESTER, RECIPIENT), PHASES, ("", "Ill"), (False, True), (0, MAX_COUNTERS)
    )
)


def test_every_combination_follows_the_rules():
    assert len(CASES) > 10_000
    mismatches = []
    for status, action, actor, awaiting, phase, reason, same, counters in CASES:
        if (status in OPEN) != (awaiting is not None):
            continue  # open requests always wait for someone; closed ones for nobody
        expected = spec(status, action, actor, awaiting, phase, reason, same, counters)
        try:
            got = outcome(decide(facts(status, awaiting, counters), action, ACTORS[actor], PHASES[phase], reason=reason, same_terms=same))
        except ValidationFailed:
            got = "refused"
        if got != expected:
            mismatches.append((status, action, actor, awaiting, phase, reason, same, counters, expected, got))
    assert mismatches == []


def test_who_waits_after_a_counter_proposal_switches_sides():
    d = decide(facts("pending", RECIPIENT), "counter", RECIPIENT, PHASES["days before"])
    assert (d.status, d.awaiting_id) == ("countered", REQUESTER)
    d = decide(facts("countered", REQUESTER, 1), "counter", REQUESTER, PHASES["days before"])
    assert (d.status, d.awaiting_id) == ("countered", RECIPIENT)


def test_refusals_say_why_in_plain_words():
    cases = [
        (facts("declined"), "accept", RECIPIENT, "days before", "This meeting is declined; it can no longer be accepted."),
        (facts("pending", RECIPIENT), "accept", REQUESTER, "days before", "You made this proposal; wait for the other person to answer, or withdraw it."),
        (facts("pending", RECIPIENT), "accept", RECIPIENT, "during", "The proposed time has already passed. Propose a new time instead."),
        (facts("pending", RECIPIENT), "cancel", RECIPIENT, "days before", "To say no to this proposal, decline it."),
        (facts("accepted"), "cancel", RECIPIENT, "during", "This meeting has already started."),
        (facts("accepted"), "cancel", RECIPIENT, "after", "This meeting has already ended."),
        (facts("accepted"), "complete", None, "during", "This meeting has not ended yet."),
        (facts("pending", RECIPIENT), "accept", STRANGER, "days before", "This meeting does not exist."),
    ]
    for f, action, actor, phase, message in cases:
        with pytest.raises(TransitionRefused) as exc:
            decide(f, action, actor, PHASES[phase], reason="x")
        assert exc.value.errors == {"form": message}


def test_cancelling_an_accepted_meeting_without_a_reason_points_at_the_reason_field():
    with pytest.raises(ValidationFailed) as exc:
        decide(facts("accepted"), "cancel", REQUESTER, PHASES["days before"], reason="   ")
    assert list(exc.value.errors) == ["reason"]


def test_the_late_cancellation_line_is_24_hours_before_the_start():
    just_in_time = START - dt.timedelta(hours=24)
    assert decide(facts("accepted"), "cancel", REQUESTER, just_in_time, reason="x").late is False
    assert decide(facts("accepted"), "cancel", REQUESTER, just_in_time + dt.timedelta(seconds=1), reason="x").late is True


def test_unknown_actions_are_refused():
    with pytest.raises(TransitionRefused):
        decide(facts("pending", RECIPIENT), "teleport", RECIPIENT, PHASES["days before"])


@pytest.mark.parametrize(
    "status,awaiting,viewer,expected",
    [
        ("pending", RECIPIENT, RECIPIENT, ["accept", "counter", "decline"]),
        ("pending", RECIPIENT, REQUESTER, ["cancel"]),
        ("countered", REQUESTER, REQUESTER, ["accept", "counter", "decline"]),
        ("countered", REQUESTER, RECIPIENT, ["cancel"]),
        ("accepted", None, REQUESTER, ["cancel"]),
        ("declined", None, RECIPIENT, []),
        ("completed", None, REQUESTER, []),
        ("pending", RECIPIENT, STRANGER, []),
    ],
)
def test_the_detail_page_offers_exactly_the_allowed_actions(status, awaiting, viewer, expected):
    assert allowed_actions(facts(status, awaiting), viewer, PHASES["days before"]) == expected


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from([REQUESTER, RECIPIENT, None]), st.sampled_from(list(PHASES))), max_size=12))
def test_random_histories_never_leave_a_final_state_and_keep_open_requests_waiting_for_someone(steps):
    f = facts("pending", RECIPIENT)
    finals = {"declined", "cancelled", "completed"}
    for action, actor, phase in steps:
        try:
            d = decide(f, action, actor, PHASES[phase], reason="r")
        except ValidationFailed:
            continue
        if f.status in finals:
            assert d.noop and d.status == f.status
        f = MeetingFacts(d.status, REQUESTER, RECIPIENT, d.awaiting_id, START, END, f.counter_count + (action == "counter" and not d.noop))
        assert (f.status in OPEN) == (f.awaiting_id is not None)
        assert f.awaiting_id in (None, REQUESTER, RECIPIENT)
