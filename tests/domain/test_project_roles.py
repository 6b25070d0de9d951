"""Issue 14: the project roles' permission matrix, as a table, and the project draft's rules."""

from __future__ import annotations

import pytest

from engnest.platform.domain.errors import ValidationFailed
from engnest.projects.domain import roles
from engnest.projects.domain.project import Draft, WantedSkill, check_status, progress

O, M, B, S = "owner", "maintainer", "member", None  # S: a stranger
TABLE = {  # action: who may
    roles.VIEW_TEAM: {O, M, B},
    roles.EDIT: {O, M},
    roles.INVITE: {O, M},
    roles.DECIDE: {O, M},
    roles.SET_ROLE: {O},
    roles.DELETE: {O},
    roles.ADD_TASK: {O, M, B},
    roles.ASSIGN: {O, M},
    roles.MOVE_ANY: {O, M},
    roles.MOVE_OWN: {O, M, B},
    roles.LEAVE: {M, B},
    roles.REQUEST_JOIN: {S},
}


@pytest.mark.parametrize("role", [O, M, B, S])
@pytest.mark.parametrize("action", roles.ACTIONS)
def test_permission_matrix(role, action):
    assert roles.can(role, action) == (role in TABLE[action])


def test_an_unknown_role_may_do_nothing():
    assert not any(roles.can("admin", a) for a in roles.ACTIONS)


@pytest.mark.parametrize(("actor", "target", "allowed"), [
    (O, M, True), (O, B, True), (O, O, False), (M, B, True), (M, M, False), (M, O, False), (B, B, False), (S, B, False),
])
def test_who_removes_whom(actor, target, allowed):
    assert roles.can_remove(actor, target) == allowed


@pytest.mark.parametrize(("role", "assignee", "allowed"), [
    (B, True, True), (B, False, False), (M, False, True), (O, False, True), (S, True, False),
])
def test_members_move_only_their_own_tasks(role, assignee, allowed):
    assert roles.can_move_task(role, is_assignee=assignee) == allowed


def good(**kw) -> Draft:
    base = dict(title="Solar kiln", summary="A kiln", disciplines=["electrical"], skills=[WantedSkill("CAD", "expert")],
                stage="prototype", preference="online", online=True)
    return Draft(**{**base, **kw})


def test_a_good_draft_is_cleaned():
    d = good(title="  Solar kiln ", skills=[WantedSkill("CAD", "expert"), WantedSkill(" cad ", "beginner")], city="Leeds")
    clean = d.check()
    assert clean.title == "Solar kiln" and [s.name for s in clean.skills] == ["CAD"] and clean.city == ""


@pytest.mark.parametrize(("change", "field"), [
    (dict(title="ab"), "title"),
    (dict(disciplines=[]), "disciplines"),
    (dict(disciplines=["alchemy"]), "disciplines"),
    (dict(skills=[WantedSkill("CAD", "guru")]), "skills"),
    (dict(stage="dreaming"), "stage"),
    (dict(preference="telepathy"), "preference"),
    (dict(online=False, city=""), "city"),
    (dict(links=["javascript:alert(1)"]), "links"),
])
def test_a_bad_draft_names_the_field(change, field):
    with pytest.raises(ValidationFailed) as err:
        good(**change).check()
    assert field in err.value.errors


def test_progress_and_statuses():
    assert progress([]) == 0 and progress(["done", "todo", "doing"]) == 33 and progress(["done"]) == 100
    with pytest.raises(ValidationFailed):
        check_status("blocked")
