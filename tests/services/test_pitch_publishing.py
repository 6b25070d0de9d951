"""Issue 10 in the services: the redactor gets everything the product knows about the owner, the owner's
preview is exactly what strangers get after publishing, bad input writes nothing, and a change of rules
re-redacts stored profiles in the background."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from factories import NOW, make_user

from engnest.discovery.services import cards
from engnest.network import presence
from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.domain import redaction
from engnest.profiles.models import Profile
from engnest.profiles.services import anonymise, pitch_publishing, profiles
from engnest.projects.services import owner_projects

PITCH = (
    "Max here (Maximiliano on paper). I'm the only female CTO at Acme Robotics. "
    "My handle is the same everywhere: rustywalks. Mail maxr.builds [at] gmail [dot] com. Also 最大."
)


@pytest.fixture
def owner(session):
    user = make_user(session, complete=True, first_name="Maximiliano", last_name="Rossi", email="maxr.builds@gmail.com")
    profiles.update_links(
        session=session, user_id=user.id, github_url="https://github.com/rustywalks", linkedin_url="", portfolio_url="", now=NOW
    )
    return user


def _publish(session, user_id, **overrides):
    values = dict(pitch=PITCH, other_names="", script_name="最大", hidden_words=[], now=NOW)
    values.update(overrides)
    published = pitch_publishing.publish_pitch(session=session, user_id=user_id, **values)
    session.commit()  # the test is the outermost caller
    return published


def test_the_preview_is_exactly_what_strangers_get_after_publishing(session, owner):
    preview = pitch_publishing.preview_pitch(
        session=session, user_id=owner.id, draft=PITCH, other_names="", script_name="最大", hidden_words=["Acme Robotics"]
    )
    assert [f.kind for f in preview.flags] == []  # the flagged phrase holds the hidden company: hidden words win
    _publish(session, owner.id, hidden_words=["Acme Robotics"])
    viewer = make_user(session, complete=True)
    card = cards.cards_for(session=session, viewer_id=viewer.id, ids=[owner.id])[0]
    assert card.pitch == preview.public
    text = repr(dataclasses.asdict(card))
    for secret in ("Max", "Maximiliano", "Rossi", "rustywalks", "maxr", "Acme", "最大"):
        assert secret not in text, (secret, card.pitch)


def test_quasi_identifiers_are_flagged_until_hidden(session, owner):
    before = pitch_publishing.preview_pitch(session=session, user_id=owner.id, draft=PITCH, other_names="", script_name="", hidden_words=[])
    assert [f.kind for f in before.flags] == ["unique"] and "Acme Robotics" in before.flags[0].text
    after = pitch_publishing.preview_pitch(
        session=session, user_id=owner.id, draft=PITCH, other_names="", script_name="", hidden_words=[before.flags[0].text]
    )
    assert after.flags == [] and redaction.HIDDEN in after.public


def test_the_account_email_user_name_is_hidden_without_being_typed_anywhere_else(session, owner):
    _publish(session, owner.id, pitch="Ping maxr.builds on any chat app.")
    profile = session.get(Profile, owner.id)
    assert profile.email_name == "maxr.builds"
    assert "maxr" not in profile.pitch_redacted and redaction.CONTACT in profile.pitch_redacted


def test_other_names_are_hidden_in_projects_and_skills_too(session, owner):
    _publish(session, owner.id, other_names="El Flaco, Mazza")
    owner_projects.save_project(session=session, user_id=owner.id, title="Mazza's rover", description="Ask El Flaco.", skills_wanted=["FEA"], now=NOW)
    viewer = make_user(session, complete=True)
    card = cards.cards_for(session=session, viewer_id=viewer.id, ids=[owner.id])[0]
    assert "Mazza" not in repr(dataclasses.asdict(card)) and "Flaco" not in repr(dataclasses.asdict(card))


@pytest.mark.parametrize(
    ("field", "value"),
    [("other_names", "x" * 300), ("script_name", "<b>"), ("hidden_words", "not a list"), ("hidden_words", [str(i) for i in range(41)]),
     ("pitch", "word " * 400)],
)
def test_bad_input_gets_a_message_and_writes_nothing(session, owner, field, value):
    _publish(session, owner.id)
    before = session.get(Profile, owner.id).model_dump()
    with pytest.raises(ValidationFailed) as failure:
        _publish(session, owner.id, **{"pitch": "changed", field: value})
    assert field in failure.value.errors
    session.expire_all()
    assert session.get(Profile, owner.id).model_dump() == before


def test_saving_names_no_longer_publishes_the_pitch(session, owner):
    _publish(session, owner.id)
    profiles.update_about(session=session, user_id=owner.id, first_name="Maximiliano", last_name="Rossi", discipline="mechanical", now=NOW)
    assert session.get(Profile, owner.id).pitch == PITCH


def test_a_rules_version_bump_re_redacts_stored_profiles_at_start_up(session, owner, monkeypatch):
    _publish(session, owner.id)
    profile = session.get(Profile, owner.id)
    profile.pitch_redacted, profile.redaction_version = "Max here, stale", redaction.VERSION
    session.add(profile)
    session.commit()
    monkeypatch.setattr(redaction, "VERSION", redaction.VERSION + 1)
    assert anonymise.stale_count(session=session) >= 1
    asyncio.run(presence._refresh_stale_redactions())
    session.expire_all()
    assert anonymise.stale_count(session=session) == 0
    fresh = session.get(Profile, owner.id)
    assert fresh.redaction_version == redaction.VERSION and "Max" not in fresh.pitch_redacted and fresh.email_name == "maxr.builds"
