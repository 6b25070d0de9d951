"""Room rules, pure: the permission table for every role × action, acting on other members, the last owner,
room settings and tags, and pseudonyms (issue 13)."""

from __future__ import annotations

import pytest

from engnest.community.domain import permissions as perm
from engnest.community.domain import pseudonyms
from engnest.community.domain.permissions import Action
from engnest.community.domain.rooms import check_settings, check_tags, search_terms, tags_text
from engnest.platform.domain.errors import ValidationFailed

A = Action
# The expected table, written out by hand (not derived from PERMISSIONS): role -> actions allowed.
EXPECTED = {
    perm.OWNER: set(Action),
    perm.MODERATOR: {A.READ, A.POST, A.INVITE, A.APPROVE_REQUEST, A.REMOVE_MESSAGE, A.MUTE_MEMBER, A.REMOVE_MEMBER},
    perm.MEMBER: {A.READ, A.POST},
    None: set(),
}


@pytest.mark.parametrize("role", [*perm.ROLES, None])
@pytest.mark.parametrize("action", list(Action))
def test_every_role_and_action(role, action):
    assert perm.may(role, action) is (action in EXPECTED[role])


@pytest.mark.parametrize(
    ("actor", "action", "target", "allowed"),
    [
        (perm.MODERATOR, A.MUTE_MEMBER, perm.MEMBER, True),
        (perm.MODERATOR, A.MUTE_MEMBER, perm.MODERATOR, False),
        (perm.MODERATOR, A.REMOVE_MEMBER, perm.OWNER, False),
        (perm.MODERATOR, A.SET_ROLE, perm.MEMBER, False),
        (perm.OWNER, A.REMOVE_MEMBER, perm.MODERATOR, True),
        (perm.OWNER, A.REMOVE_MEMBER, perm.OWNER, False),
        (perm.OWNER, A.SET_ROLE, perm.OWNER, True),  # hand over between owners
        (perm.MEMBER, A.REMOVE_MEMBER, perm.MEMBER, False),
    ],
)
def test_acting_on_a_member_needs_a_role_above_theirs(actor, action, target, allowed):
    assert perm.may_act_on(actor, action, target) is allowed


def test_the_last_owner_cannot_be_removed_or_demoted():
    assert perm.last_owner_problem(perm.OWNER, None, owners=1) == perm.LAST_OWNER
    assert perm.last_owner_problem(perm.OWNER, perm.MEMBER, owners=1) == perm.LAST_OWNER
    assert perm.last_owner_problem(perm.OWNER, perm.MEMBER, owners=2) is None
    assert perm.last_owner_problem(perm.MODERATOR, None, owners=1) is None


def test_room_settings_are_cleaned_and_refused_with_a_reason():
    s = check_settings(name="  FEA   clinic ", topic="Meshing\u202e questions", tags="FEA, #Abaqus fea", visibility="public")
    assert (s.name, s.topic, s.tags) == ("FEA clinic", "Meshing questions", ("fea", "abaqus"))
    with pytest.raises(ValidationFailed) as caught:
        check_settings(name="", topic=3, tags=["a b"], visibility="secret")
    assert set(caught.value.errors) == {"name", "topic", "tags", "visibility"}
    with pytest.raises(ValidationFailed, match="at most 5 tags"):
        check_tags("a b c d e f")
    assert tags_text(("fea", "cad")) == " fea cad " and search_terms("#FEA  Leeds") == ("fea", "leeds")


def test_a_generated_pseudonym_says_discipline_city_and_number():
    assert pseudonyms.generated("Structural", "Leeds", 4821) == "Structural engineer · Leeds · #4821"
    assert pseudonyms.generated("", "", 7) == "Engineer · #0007"


@pytest.mark.parametrize("bad", ["ab", "x" * 41, "hash#tag", 12, "a·b"])
def test_a_chosen_handle_has_a_plain_shape(bad):
    with pytest.raises(ValidationFailed):
        pseudonyms.check_handle(bad)


def test_handle_keys_ignore_case_and_separators():
    assert pseudonyms.handle_key("Beam Wrangler") == pseudonyms.handle_key("beam_wrangler") == "beamwrangler"
