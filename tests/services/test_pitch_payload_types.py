"""The pitch editor's services refuse values that are not text (a client can send any JSON type) with a
field message instead of raising, and write nothing."""

from __future__ import annotations

import pytest
from factories import NOW, make_user

from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.models import Profile
from engnest.profiles.services import pitch_publishing


@pytest.mark.parametrize("field", ["pitch", "other_names", "script_name"])
@pytest.mark.parametrize("value", [None, 7, ["a"], {"x": 1}])
def test_publishing_refuses_values_that_are_not_text(session, field, value):
    owner = make_user(session, complete=True)
    before = session.get(Profile, owner.id).pitch
    args = {"pitch": "I design gearboxes.", "other_names": "", "script_name": "", field: value}
    with pytest.raises(ValidationFailed) as exc:
        pitch_publishing.publish_pitch(session=session, user_id=owner.id, hidden_words=[], now=NOW, **args)
    assert field in exc.value.errors
    session.expire_all()
    assert session.get(Profile, owner.id).pitch == before


@pytest.mark.parametrize("value", [None, 3])
def test_the_preview_refuses_a_draft_that_is_not_text(session, value):
    owner = make_user(session, complete=True)
    with pytest.raises(ValidationFailed):
        pitch_publishing.preview_pitch(session=session, user_id=owner.id, draft=value, other_names="", script_name="", hidden_words="junk")
