"""The project page's edit, delete and invite handlers called as a browser tab would: the attacker is signed in
and runs their own project first, then is refused on the victim's (nothing of the victim's changes)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from factories import NOW, login_token, make_user

from engnest.projects.domain.project import Draft, WantedSkill
from engnest.projects.models import JoinRequest, TeamProject
from engnest.projects.pages.directory import FindTeamState
from engnest.projects.pages.project_admin import ProjectAdminState
from engnest.projects.pages.project_state import ProjectState
from engnest.projects.services import projects
from state.harness import Tab, assert_signed_in, redirect_target

FORM = {"title": "Mallory's rover v2", "summary": "Faster.", "discipline": "mechanical", "skills": "CAD: expert", "stage": "building",
        "preference": "online", "online": "on", "city": "", "links": ""}


async def _open(tab: Tab, token: str, project_id: int) -> None:
    tab.set_router(token=token, path=f"/projects/{project_id}")
    await tab.call(ProjectState, "load")
    await tab.call(ProjectAdminState, "load")


async def test_the_owner_edits_invites_and_deletes_only_their_own_project(sqlite_session):
    s = sqlite_session
    victim = make_user(s, complete=True, first_name="Zelda", last_name="Quixote", discipline="civil")
    attacker = make_user(s, complete=True, first_name="Mallory")
    helper = make_user(s, complete=True, first_name="Ada", skills=("CAD",))
    theirs = projects.create(session=s, owner_id=victim.id, now=NOW, draft=Draft(
        title="Zelda's bridge", summary="Zelda builds.", disciplines=["civil"], skills=[WantedSkill("CAD")], online=True))
    mine = projects.create(session=s, owner_id=attacker.id, now=NOW, draft=Draft(
        title="Mallory's rover", disciplines=["mechanical"], skills=[WantedSkill("CAD")], online=True))
    s.commit()
    theirs_id, mine_id = theirs.id, mine.id
    token = login_token(s, attacker)
    tab = Tab(token=token, path=f"/projects/{mine_id}")
    await assert_signed_in(tab, attacker)

    # Allowed on their own project: the form is filled, the edit saved, a matching person invited.
    await _open(tab, token, mine_id)
    await tab.call(ProjectAdminState, "start_edit")
    assert tab.state(ProjectAdminState).values.title == "Mallory's rover"
    await tab.call(ProjectAdminState, "save", FORM)
    assert tab.state(ProjectState).page.title == "Mallory's rover v2" and tab.state(ProjectState).page.stage == "Building"
    assert [p.user_id for p in tab.state(ProjectAdminState).people] == [helper.id]
    await tab.call(ProjectAdminState, "invite", helper.id)
    assert tab.state(ProjectAdminState).people == []  # invited: no longer suggested

    # Refused on the victim's: nothing suggested, nothing edited, invited or deleted.
    await _open(tab, token, theirs_id)
    admin = tab.state(ProjectAdminState)
    assert admin.people == [] and admin.choices == []
    assert "Zelda" not in json.dumps(admin.dict(), default=str)
    await tab.call(ProjectAdminState, "start_edit")
    assert tab.state(ProjectAdminState).editing is False
    await tab.call(ProjectAdminState, "save", FORM)
    assert tab.state(ProjectAdminState).errors
    await tab.call(ProjectAdminState, "invite", helper.id)
    await tab.call(ProjectAdminState, "invite_picked", {"invitee": str(helper.id), "note": "hi"})
    events = await tab.call(ProjectAdminState, "delete")
    assert redirect_target(events) is None
    s.expire_all()
    assert s.get(TeamProject, theirs_id).title == "Zelda's bridge"
    assert s.execute(sa.select(sa.func.count()).select_from(JoinRequest).where(JoinRequest.project_id == theirs_id)).scalar_one() == 0

    # Their own project is deleted, and Find a team lists the victim's project for the helper's skill.
    await _open(tab, token, mine_id)
    events = await tab.call(ProjectAdminState, "delete")
    assert redirect_target(events) == "/projects"
    s.expire_all()
    assert s.get(TeamProject, mine_id) is None
    helper_tab = Tab(token=login_token(s, helper), path="/projects")
    await helper_tab.call(FindTeamState, "load")
    assert [m.id for m in helper_tab.state(FindTeamState).for_you] == [theirs_id]


async def test_hostile_invite_payloads_write_nothing(sqlite_session):
    s = sqlite_session
    owner = make_user(s, complete=True)
    project = projects.create(session=s, owner_id=owner.id, now=NOW, draft=Draft(title="Rover", disciplines=["mechanical"], online=True))
    s.commit()
    token = login_token(s, owner)
    tab = Tab(token=token, path=f"/projects/{project.id}")
    await _open(tab, token, project.id)
    for payload in ("1", True, None, [1], {"x": 1}, 10**12):
        await tab.call(ProjectAdminState, "invite", payload)
    await tab.call(ProjectAdminState, "invite_picked", {"invitee": ["1"]})
    await tab.call(ProjectAdminState, "invite_picked", "nonsense")
    assert tab.state(ProjectAdminState).errors.get("invite")
    s.expire_all()
    assert s.execute(sa.select(sa.func.count()).select_from(JoinRequest)).scalar_one() == 0
