"""The meeting state machine, checked exhaustively: every status x action x who x whose turn x when x reason x
pending change."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engnest.meetings.domain.meeting_lifecycle import (
    ACTIONS,
    CHANGE_ACTIONS,
    MAX_COUNTERS,
    STATUSES,
    MeetingFacts,
    TransitionRefused,
    allowed_actions,
    decide,
)
from engnest.platform.domain.errors import ValidationFailed

REQUESTER, RECIPIENT, STRANGER = 1, 2, 3
START = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.timezone.utc)
END = START + dt.timedelta(hours=1)
PHASES = {
    "days before": START - dt.timedelta(days=3),
    "hours before": START - dt.timedelta(hours=5),
    "during": START + dt.timedelta(minutes=10),
    "after": END + dt.timedelta(minutes=1),
    "review over": END + dt.timedelta(days=7),
}
ACTORS = {"requester": REQUESTER, "recipient": RECIPIENT, "stranger": STRANGER, "system": None}
OPEN = {"pending", "countered"}


def facts(status, awaiting=None, counters=0, change_by=None):
    return MeetingFacts(status, REQUESTER, RECIPIENT, awaiting, START, END, counters, change_by_id=change_by)


def system_spec(status, action, phase):
    started = {"in_progress", "awaiting_review", "completed", "closed"}
    if action == "start":
        if status in started:
            return "noop"
        return "in_progress" if status == "accepted" and phase not in ("days before", "hours before") else "refused"
    if action == "end":
        if status in started - {"in_progress"}:
            return "noop"
        return "awaiting_review" if status in ("accepted", "in_progress") and phase in ("after", "review over") else "refused"
    if status in ("completed", "closed"):
        return "noop"
    if status != "awaiting_review":
        return "refused"
    return "completed" if action == "complete" else ("closed" if phase == "review over" else "refused")


def change_spec(status, action, me, phase, change_by):
    if status != "accepted" or phase not in ("days before", "hours before"):
        return "refused"
    if action == "propose_change":
        return "refused" if change_by not in (None, me) else "accepted, change by me"
    if change_by is None:
        return "noop"
    if action == "withdraw_change":
        return "accepted, no change" if change_by == me else "refused"
    return "refused" if change_by == me else "accepted, no change"


def spec(status, action, actor, awaiting, phase, reason, same_terms, counters, change_by=None):
    """The rules of the issue, written as a table of cases (independently of the implementation)."""
    if action in ("start", "end", "complete", "close"):
        return system_spec(status, action, phase) if actor == "system" else "refused"
    if actor in ("stranger", "system"):
        return "refused"
    if action in CHANGE_ACTIONS:
        return change_spec(status, action, ACTORS[actor], phase, change_by)
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


def outcome(decision, action, me):
    if decision.noop:
        return "noop"
    if action in CHANGE_ACTIONS:
        return decision.status + (", no change" if decision.change_by_id is None else ", change by me" if decision.change_by_id == me else ", change by them")
    return decision.status + (" (late)" if decision.late else "")


CASES = list(
    itertools.product(
        STATUSES, ACTIONS, ACTORS, (None, REQUESTER, RECIPIENT), PHASES, ("", "Ill"), (False, True), (0, MAX_COUNTERS),
        (None, REQUESTER, RECIPIENT),
    )
)


def test_every_combination_follows_the_rules():
    assert len(CASES) > 100_000
    mismatches, checked = [], 0
    for status, action, actor, awaiting, phase, reason, same, counters, change_by in CASES:
        if (status in OPEN) != (awaiting is not None) or (change_by is not None and status != "accepted"):
            continue  # open requests always wait for someone, closed ones for nobody; only accepted ones change
        checked += 1
        expected = spec(status, action, actor, awaiting, phase, reason, same, counters, change_by)
        try:
            d = decide(facts(status, awaiting, counters, change_by), action, ACTORS[actor], PHASES[phase], reason=reason, same_terms=same)
            got = outcome(d, action, ACTORS[actor])
        except ValidationFailed:
            got = "refused"
        if got != expected:
            mismatches.append((status, action, actor, awaiting, phase, reason, same, counters, change_by, expected, got))
    assert checked > 20_000
    assert mismatches[:5] == []


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
        (facts("accepted"), "end", None, "during", "This meeting has not ended yet."),
        (facts("in_progress"), "cancel", RECIPIENT, "during", "This meeting has already started."),
        (facts("awaiting_review"), "close", None, "after", "Reviews are still open for this meeting."),
        (facts("accepted", change_by=REQUESTER), "propose_change", RECIPIENT, "days before", "They proposed a change already: accept or decline it first."),
        (facts("accepted", change_by=REQUESTER), "accept_change", REQUESTER, "days before", "You proposed this change; wait for the other person to answer, or withdraw it."),
        (facts("accepted", change_by=REQUESTER), "accept_change", RECIPIENT, "during", "This meeting has already started."),
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
        ("accepted", None, REQUESTER, ["cancel", "propose_change"]),
        ("in_progress", None, REQUESTER, []),
        ("awaiting_review", None, RECIPIENT, []),
        ("declined", None, RECIPIENT, []),
        ("completed", None, REQUESTER, []),
        ("pending", RECIPIENT, STRANGER, []),
    ],
)
def test_the_detail_page_offers_exactly_the_allowed_actions(status, awaiting, viewer, expected):
    assert allowed_actions(facts(status, awaiting), viewer, PHASES["days before"]) == expected


def test_a_pending_change_offers_answers_to_the_other_and_withdrawal_to_the_proposer():
    f = facts("accepted", change_by=REQUESTER)
    assert allowed_actions(f, RECIPIENT, PHASES["days before"]) == ["cancel", "accept_change", "decline_change"]
    assert allowed_actions(f, REQUESTER, PHASES["days before"]) == ["cancel", "withdraw_change"]
    assert allowed_actions(f, REQUESTER, PHASES["during"]) == []


def test_cancelling_an_accepted_meeting_drops_its_pending_change():
    d = decide(facts("accepted", change_by=RECIPIENT), "cancel", REQUESTER, PHASES["days before"], reason="Ill")
    assert (d.status, d.change_by_id) == ("cancelled", None)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from([REQUESTER, RECIPIENT, None]), st.sampled_from(list(PHASES))), max_size=14))
def test_random_histories_never_leave_a_final_state_and_keep_open_requests_waiting_for_someone(steps):
    f = facts("pending", RECIPIENT)
    finals = {"declined", "cancelled", "completed", "closed"}
    for action, actor, phase in steps:
        try:
            d = decide(f, action, actor, PHASES[phase], reason="r")
        except ValidationFailed:
            continue
        if f.status in finals:
            assert d.noop and d.status == f.status
        f = MeetingFacts(
            d.status, REQUESTER, RECIPIENT, d.awaiting_id, START, END, f.counter_count + (action == "counter" and not d.noop), change_by_id=d.change_by_id
        )
        assert (f.status in OPEN) == (f.awaiting_id is not None)
        assert f.change_by_id is None or f.status == "accepted"  # only an agreed meeting has a pending change
        assert f.awaiting_id in (None, REQUESTER, RECIPIENT)
