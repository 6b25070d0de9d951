"""The profile handlers take any JSON a client sends (issue 9, item 13): a `null` project title is refused
beside the field instead of being stored as "None", and no value type makes a handler raise."""

from __future__ import annotations

import asyncio

import pytest
from factories import login_token, make_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engnest.engnest  # noqa: F401  (imports every page, so every state class is in the tree)
from engnest.platform.db import session_scope
from engnest.platform.ui.form_input import MISSING  # a null field: the state asks for a reload before any service runs
from engnest.profiles.models import Profile
from engnest.profiles.pages.editors import CityPickerState, SkillsState
from engnest.profiles.pages.pitch_state import PitchState
from engnest.profiles.pages.state import ProfileState
from engnest.profiles.services import profiles
from engnest.projects.pages.profile_editor import ProjectsState
from state.harness import Tab

# Any JSON a client can send. Its strings never spell "None", "True", "[" …, so finding one stored means a
# non-text value was converted with str().
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(alphabet="abc xyz", max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet="abc", max_size=4), inner, max_size=3),
    max_leaves=6,
)
# Each handler with the fields its form sends and a valid value for each: a fuzzed form mixes valid values
# and arbitrary JSON, so the handler gets far enough to store something.
HANDLERS = {
    (ProfileState, "save_about"): {"first_name": "Dana", "last_name": "Okafor", "discipline": "civil"},
    (ProfileState, "save_status"): {"status": "creator", "preference": "hybrid"},
    (ProfileState, "save_links"): {"github_url": "github.com/dana", "linkedin_url": "", "portfolio_url": "dana.dev"},
    (SkillsState, "add"): {"skill": "Welding", "proficiency": "expert"},
    (ProjectsState, "save"): {"project_title": "Drone frame", "project_description": "Light.", "project_skills": "FEA, CAD"},
    (CityPickerState, "submit"): {"city": "Leeds, United Kingdom"},
}
BARE = [
    (PitchState, "edit_draft"), (PitchState, "edit_other_names"), (PitchState, "edit_script_name"), (PitchState, "hide"),
    (PitchState, "unhide"), (PitchState, "hide_typed"), (CityPickerState, "choose"), (CityPickerState, "search"), (SkillsState, "remove"), (ProjectsState, "remove"),
]


async def test_a_null_project_title_is_refused_beside_the_field(sqlite_session):
    user = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, user), path="/profile")
    await tab.call(ProjectsState, "save", {"project_title": "Drone frame", "project_description": "", "project_skills": ""})
    assert tab.state(ProjectsState).errors == {} and len(profiles.list_projects(session=sqlite_session, user_id=user.id)) == 1
    assert [p.title for p in tab.state(ProjectsState).projects] == ["Drone frame"]
    await tab.call(ProjectsState, "save", {"project_title": None, "project_description": "x", "project_skills": ""})
    assert tab.state(ProjectsState).errors == {"project_title": MISSING}
    assert [p.title for p in profiles.list_projects(session=sqlite_session, user_id=user.id)] == ["Drone frame"]


async def test_a_null_name_is_refused_and_not_stored_as_none(sqlite_session):
    user = make_user(sqlite_session, complete=True, first_name="Dana")
    tab = Tab(token=login_token(sqlite_session, user), path="/profile")
    await tab.call(ProfileState, "save_about", {"first_name": None, "last_name": "Okafor", "pitch": "Hi", "discipline": "civil"})
    assert tab.state(ProfileState).errors == {"first_name": MISSING}
    sqlite_session.expire_all()
    assert sqlite_session.get(Profile, user.id).first_name == "Dana"


def _stored_text(user_id: int) -> list[str]:
    with session_scope() as s:
        p = s.get(Profile, user_id)
        texts = [p.first_name, p.last_name, p.pitch, p.github_url, p.linkedin_url, p.portfolio_url, p.city_name]
        texts += [sk.name for sk in profiles.list_skills(session=s, user_id=user_id)]
        for pr in profiles.list_projects(session=s, user_id=user_id):
            texts += [pr.title, pr.description, *pr.wants]
        return texts


def _fuzz(token: str, user_id: int, call) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data):
        cls, name, payload = call(data)
        asyncio.run(Tab(token=token, path="/profile").call(cls, name, payload))
        texts = _stored_text(user_id)
        assert all(isinstance(t, str) for t in texts)
        assert not {"None", "True", "False"} & set(texts) and not any(t.startswith(("[", "{")) or "[" in t for t in texts), texts

    run()


@pytest.mark.parametrize("handler", list(HANDLERS), ids=lambda h: f"{h[0].__name__}.{h[1]}")
def test_no_value_type_in_a_form_makes_a_profile_handler_raise_or_store_junk(sqlite_session, handler):
    user = make_user(sqlite_session, complete=True, creator=True)
    valid = HANDLERS[handler]

    def call(data):
        form = data.draw(st.fixed_dictionaries({k: st.just(v) | JSON for k, v in valid.items()}))
        return (*handler, form)

    _fuzz(login_token(sqlite_session, user), user.id, call)


@pytest.mark.parametrize("handler", BARE, ids=lambda h: f"{h[0].__name__}.{h[1]}")
def test_no_payload_type_makes_a_profile_handler_raise(sqlite_session, handler):
    user = make_user(sqlite_session, complete=True, creator=True)
    _fuzz(login_token(sqlite_session, user), user.id, lambda data: (*handler, data.draw(JSON)))
