"""The profile page and the push that follows every profile save (to all the owner's tabs): the echo of this
tab's own save must not remount the forms under the person's typing; a change from another tab is shown."""

from factories import NOW, login_token, make_user

import engnest.engnest  # noqa: F401  (every page, so every state class is in the tree)
from engnest.profiles.pages.pitch_state import PitchState
from engnest.profiles.pages.state import ProfileState
from engnest.profiles.pages.views import ChecklistStep, ProjectItem, SkillItem
from engnest.profiles.services import profiles
from state.harness import Tab, assert_signed_in

ABOUT = {"first_name": "Ada", "last_name": "King", "discipline": "mechanical"}


async def opened(session, user) -> Tab:
    tab = Tab(token=login_token(session, user), path="/profile")
    await assert_signed_in(tab, user)
    await tab.call(ProfileState, "load")
    await tab.call(PitchState, "load")
    return tab


async def test_the_late_echo_of_this_tabs_own_save_keeps_what_is_being_typed(sqlite_session):
    me = make_user(sqlite_session, complete=True)
    tab = await opened(sqlite_session, me)
    state, pitch = tab.state(ProfileState), tab.state(PitchState)
    await tab.call(ProfileState, "save_about", ABOUT)
    assert state.saved == "Saved your details." and state.first_name == "Ada"
    versions = dict(state.versions)
    await tab.call(PitchState, "edit_draft", "I build bridges and")  # the person types on
    # then the push of that save arrives (late, under load), in every state that listens to it
    await state._on_profile_push(profiles.PROFILE_TOPIC, {})
    await pitch._on_profile_push(profiles.PROFILE_TOPIC, {})
    assert dict(state.versions) == versions, "the forms were remounted: what the person typed since is lost"
    assert pitch.draft == "I build bridges and" and state.saved == "Saved your details."


async def test_a_change_saved_in_another_tab_is_shown_here(sqlite_session):
    me = make_user(sqlite_session, complete=True)
    tab = await opened(sqlite_session, me)
    state = tab.state(ProfileState)
    before = state.versions["about"]
    profiles.update_about(session=sqlite_session, user_id=me.id, now=NOW, **{**ABOUT, "first_name": "Grace"})
    sqlite_session.commit()
    await state._on_profile_push(profiles.PROFILE_TOPIC, {})
    assert state.first_name == "Grace" and state.versions["about"] == before + 1


async def test_the_profile_page_holds_typed_items_not_string_maps(sqlite_session):
    me = make_user(sqlite_session, complete=True, creator=True, skills=("FEA",))
    tab = await opened(sqlite_session, me)
    state = tab.state(ProfileState)
    assert [(s.name, s.level) for s in state.skills] == [("FEA", "Intermediate")] and all(isinstance(s, SkillItem) for s in state.skills)
    assert [(p.title, p.skills) for p in state.projects] == [(state.projects[0].title, "CAD")] and isinstance(state.projects[0], ProjectItem)
    assert all(isinstance(step, ChecklistStep) and step.done is True for step in state.checklist)
    assert state.done_count == len(state.checklist) > 0 and state.complete
