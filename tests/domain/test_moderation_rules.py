"""Moderation rules, pure (issue 13): who may take which action on a report (every actor × resolution), report
reasons, suspensions in force at a pinned time, and what counts as a new account."""

from __future__ import annotations

import datetime as dt

import pytest

from engnest.community.domain import moderation as rules
from engnest.community.domain import permissions as perm
from engnest.community.domain.moderation import ReportCase, Resolution
from engnest.platform.domain.errors import ValidationFailed

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
R = Resolution
ME, THEM = 1, 2
MESSAGE = ReportCase("message", True, THEM, perm.MEMBER)
# Written out by hand (not derived from the code): actor -> resolutions allowed on a member's room message.
EXPECTED = {
    "admin": set(Resolution),
    perm.OWNER: {R.DISMISS, R.REMOVE, R.WARN, R.MUTE, R.BAN},
    perm.MODERATOR: {R.DISMISS, R.REMOVE, R.WARN, R.MUTE, R.BAN},
    perm.MEMBER: set(),
    None: set(),
}


@pytest.mark.parametrize("actor", list(EXPECTED))
@pytest.mark.parametrize("resolution", list(Resolution))
def test_every_actor_and_resolution_on_a_members_message(actor, resolution):
    role, admin = (None, True) if actor == "admin" else (actor, False)
    problem = rules.resolution_problem(actor_id=ME, actor_room_role=role, is_admin=admin, case=MESSAGE, resolution=resolution)
    assert (problem is None) is (resolution in EXPECTED[actor]), problem


@pytest.mark.parametrize(
    ("role", "admin", "case", "resolution", "problem"),
    [
        (perm.MODERATOR, False, ReportCase("message", True, THEM, perm.MODERATOR), R.MUTE, perm.NOT_ALLOWED),
        (perm.MODERATOR, False, ReportCase("message", True, THEM, perm.MODERATOR), R.WARN, None),
        (perm.OWNER, False, ReportCase("message", True, THEM, perm.MODERATOR), R.BAN, None),
        (perm.OWNER, False, ReportCase("person", True, THEM, perm.OWNER), R.BAN, rules.OWNER_STAYS),
        (None, True, ReportCase("person", True, THEM, perm.OWNER), R.MUTE, rules.OWNER_STAYS),
        (None, True, ReportCase("person", True, THEM, perm.OWNER), R.SUSPEND, None),
        (perm.MODERATOR, False, ReportCase("message", True, ME, perm.MODERATOR), R.DISMISS, rules.ABOUT_YOU),
        (None, True, ReportCase("person", False, ME, None), R.DISMISS, rules.ABOUT_YOU),
        (perm.MODERATOR, False, ReportCase("person", False, THEM, None), R.DISMISS, rules.NOT_YOURS),
        (None, True, ReportCase("person", False, THEM, None), R.BAN, rules.NO_ROOM),
        (None, True, ReportCase("person", True, THEM, perm.MEMBER), R.REMOVE, rules.NOTHING_TO_REMOVE),
        (None, True, ReportCase("message", True, None, None), R.WARN, rules.NO_PERSON),
        (None, True, ReportCase("message", True, None, None), R.REMOVE, None),
        (perm.MODERATOR, False, ReportCase("message", True, THEM, None), R.BAN, None),  # left the room: still bannable
    ],
)
def test_resolution_edge_cases(role, admin, case, resolution, problem):
    assert rules.resolution_problem(actor_id=ME, actor_room_role=role, is_admin=admin, case=case, resolution=resolution) == problem


def test_report_reasons_and_notes():
    assert rules.check_reason("spam", None) == ("spam", "")
    assert rules.check_reason("other", "  posts\u202e my address ") == ("other", "posts my address")
    for reason, note, field in (("nope", "", "reason"), (None, "", "reason"), ("other", "", "note"), ("spam", 5, "note"), ("spam", "x" * 501, "note")):
        with pytest.raises(ValidationFailed) as refused:
            rules.check_reason(reason, note)
        assert field in refused.value.errors


def test_actions_days_and_messages_to_the_person():
    assert rules.check_resolution("ban") is R.BAN
    with pytest.raises(ValidationFailed):
        rules.check_resolution("delete_account")
    assert [rules.check_days(d) for d in rules.SUSPENSION_DAYS] == list(rules.SUSPENSION_DAYS)
    for bad in (0, 2, True, "7", None):
        with pytest.raises(ValidationFailed):
            rules.check_days(bad)
    with pytest.raises(ValidationFailed):
        rules.check_message_to_person("  ", required=True)
    assert rules.check_message_to_person(None, required=False) == ""


def test_the_suspension_in_force_is_the_one_ending_last_and_a_lifted_one_is_over():
    short = rules.SuspensionSpan(NOW + dt.timedelta(days=1), "first")
    long = rules.SuspensionSpan(NOW + dt.timedelta(days=7), "second")
    lifted = rules.SuspensionSpan(NOW + dt.timedelta(days=30), "lifted", lifted_at=NOW)
    assert rules.active_suspension([short, long, lifted], NOW) == long
    assert rules.active_suspension([short, long], NOW + dt.timedelta(days=7)) is None  # ends exactly now: over
    assert rules.active_suspension([], NOW) is None


@pytest.mark.parametrize(("age_hours", "verified", "new"), [(0, True, True), (23.9, True, True), (24, True, False), (24 * 90, False, True)])
def test_what_counts_as_a_new_account(age_hours, verified, new):
    created = NOW - dt.timedelta(hours=age_hours)
    assert rules.is_new_account(created_at=created, verified_at=created if verified else None, now=NOW) is new
