"""What a viewer gets about another person: strangers and friends get the anonymised card (never a name,
email, link or photo, even inside projects and skills); the owner and collaborators get the full profile."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from factories import NOW, make_user

from engnest.discovery.services import cards
from engnest.network.services import friends, relations
from engnest.profiles.domain import redaction
from engnest.profiles.models import Profile
from engnest.profiles.services import anonymise, profiles
from engnest.projects.services import owner_projects

SECRET_WORDS = ("Zelda", "Quixote", "zq@example.com", "github.com/zq", "+44 20 7946 0958")


@pytest.fixture
def zelda(session):
    user = make_user(session, complete=True, first_name="Zelda", last_name="Quixote", creator=True,
                     pitch="I'm Zelda Quixote: drone frames. Mail zq@example.com or call +44 20 7946 0958.")
    uid = user.id
    profiles.update_links(session=session, user_id=uid, github_url="https://github.com/zq", linkedin_url="", portfolio_url="", now=NOW)
    owner_projects.save_project(session=session, user_id=uid, title="Zelda's hover bike", description="Ask Quixote about it: zq@example.com",
                                skills_wanted=["Zelda-CAD", "FEA"], now=NOW)
    profiles.add_skill(session=session, user_id=uid, name="Quixote tuning", proficiency="expert", now=NOW)
    return user


def everything_in(card) -> str:
    return repr(dataclasses.asdict(card))


def test_a_stranger_never_gets_names_contacts_links_or_photo(session, zelda):
    viewer = make_user(session, complete=True)
    card = cards.cards_for(session=session, viewer_id=viewer.id, ids=[zelda.id])[0]
    text = everything_in(card)
    for secret in SECRET_WORDS:
        assert secret not in text
    assert card.full == cards.FullProfile() and card.collaborator is False
    assert card.pitch == "I'm [name]: drone frames. Mail [contact] or call [contact]."
    assert "[name]'s hover bike" in [p.title for p in card.projects]
    assert card.headline == "Mechanical engineer" and card.place == "London, United Kingdom" and card.reliability == "New member"


def test_friends_are_still_anonymised_but_see_last_seen(session, zelda):
    viewer = make_user(session, complete=True)
    friends.send_request(session=session, user_id=viewer.id, other_id=zelda.id, now=NOW)
    friends.accept(session=session, user_id=zelda.id, other_id=viewer.id, now=NOW)
    seen = {zelda.id: (NOW - dt.timedelta(minutes=7)).timestamp()}
    card = cards.cards_for(session=session, viewer_id=viewer.id, ids=[zelda.id], seen=seen, now=NOW)[0]
    assert card.relation == "friends" and card.full.name == ""
    assert card.last_seen == "last seen 7 minutes ago"
    for secret in SECRET_WORDS:
        assert secret not in everything_in(card)


def test_strangers_do_not_get_last_seen(session, zelda):
    viewer = make_user(session, complete=True)
    card = cards.cards_for(session=session, viewer_id=viewer.id, ids=[zelda.id], seen={zelda.id: NOW.timestamp()}, now=NOW)[0]
    assert card.last_seen == ""


def test_collaborators_and_the_owner_get_the_full_profile(session, zelda):
    viewer = make_user(session, complete=True)
    relations.do_make_collaborators(session=session, a=viewer.id, b=zelda.id, now=NOW)
    session.commit()
    card = cards.person(session=session, viewer_id=viewer.id, user_id=zelda.id, now=NOW)
    assert card.collaborator and card.full.name == "Zelda Quixote"
    assert [link.url for link in card.full.links] == ["https://github.com/zq"]
    own = cards.person(session=session, viewer_id=zelda.id, user_id=zelda.id, now=NOW)
    assert own.full.pitch.startswith("I'm Zelda") and own.distance == ""


def test_the_person_page_is_unavailable_across_a_block_except_to_undo_it(session, zelda):
    viewer = make_user(session, complete=True)
    relations.block(session=session, blocker=zelda.id, blocked=viewer.id, now=NOW)
    assert cards.person(session=session, viewer_id=viewer.id, user_id=zelda.id) is None
    mine = cards.person(session=session, viewer_id=zelda.id, user_id=viewer.id)
    assert mine is not None and mine.blocked


def test_incomplete_or_missing_profiles_are_unavailable(session):
    viewer = make_user(session, complete=True)
    draft = make_user(session)
    assert cards.person(session=session, viewer_id=viewer.id, user_id=draft.id) is None
    assert cards.person(session=session, viewer_id=viewer.id, user_id=987654) is None
    assert cards.person(session=session, viewer_id=draft.id, user_id=draft.id) is not None


def test_redaction_is_stored_on_save_and_follows_a_name_change(session, zelda):
    profile = session.get(Profile, zelda.id)
    assert profile.redaction_version == redaction.VERSION and "[name]" in profile.pitch_redacted
    profiles.update_about(session=session, user_id=zelda.id, first_name="Drone", last_name="Person",
                                pitch="I'm Zelda Quixote, call me Drone.", discipline="mechanical", now=NOW)
    profile = session.get(Profile, zelda.id)
    assert profile.pitch_redacted == "I'm [name], call me [name]."
    assert "Drone" not in profile.search_doc.split("\n")[0]


def test_profiles_written_under_older_rules_are_refreshed_and_never_shown_raw(session, zelda):
    profile = session.get(Profile, zelda.id)
    profile.pitch_redacted, profile.redaction_version = "stale", 0
    session.add(profile)
    session.commit()
    assert "Zelda" not in anonymise.public_pitch(profile)
    assert anonymise.stale_count(session=session) == 1
    assert anonymise.do_refresh_stale(session=session) == 1
    assert anonymise.stale_count(session=session) == 0
    assert session.get(Profile, zelda.id).pitch_redacted.startswith("I'm [name]")
