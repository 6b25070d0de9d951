"""Project handlers called as a browser tab would: the attacker is signed in and allowed on their own project
first, then refused on the victim's (nothing of the victim's changes, no name leaks into state)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from factories import NOW, login_token, make_user

from engnest.projects.domain.project import Draft
from engnest.projects.models import ProjectMember, ProjectRepo, ProjectTask
from engnest.projects.pages.directory import FindTeamState, NewProjectState
from engnest.projects.pages.project_state import ProjectState
from engnest.projects.services import projects, tasks
from state.harness import Tab, assert_signed_in, redirect_target


@pytest.fixture
def world(sqlite_session):
    s = sqlite_session
    victim = make_user(s, complete=True, first_name="Zelda", last_name="Quixote", discipline="civil")
    attacker = make_user(s, complete=True, first_name="Mallory")
    draft = Draft(title="Zelda's bridge", summary="Zelda Quixote builds a bridge.", disciplines=["civil"], online=True)
    theirs = projects.create(session=s, owner_id=victim.id, draft=draft, now=NOW)
    task = tasks.add(session=s, project_id=theirs.id, by=victim.id, title="Survey", assignee_id=victim.id, now=NOW)
    s.commit()
    return s, victim, attacker, theirs.id, task.id


async def attacker_tab(s, attacker, path: str) -> Tab:
    tab = Tab(token=login_token(s, attacker), path=path)
    await assert_signed_in(tab, attacker)
    return tab


async def test_a_signed_out_tab_is_sent_to_sign_in(world):
    s, *_ , pid, _task = world
    for cls, handler, args in [(ProjectState, "load", ()), (ProjectState, "move", (1, "done")), (FindTeamState, "search", ({},)),
                               (NewProjectState, "create", ({"title": "x"},))]:
        events = await Tab(path=f"/projects/{pid}").call(cls, handler, *args)
        assert redirect_target(events).startswith("/signin")


async def test_attacker_runs_their_own_project_but_not_the_victims(world):
    s, victim, attacker, pid, task_id = world
    tab = await attacker_tab(s, attacker, "/projects/new")
    events = await tab.call(NewProjectState, "create", {"title": "Mallory's rover", "discipline": "mechanical", "online": "on",
                                                         "skills": "CAD: expert", "stage": "idea", "preference": "online"})
    own = redirect_target(events)
    assert own and own.startswith("/projects/")
    tab.set_router(token=login_token(s, attacker), path=own)
    await tab.call(ProjectState, "load")
    mine = tab.state(ProjectState)
    assert mine.page.role == "owner"
    await tab.call(ProjectState, "add_task", {"title": "Wheels", "assignee": str(attacker.id), "due": "2026-12-01T09:00"})
    task = tab.state(ProjectState).todo[0]
    await tab.call(ProjectState, "move", task.id, "done")
    assert tab.state(ProjectState).page.progress == 100  # allowed on their own data
    await tab.call(ProjectState, "link_repo", {"repo": "https://github.com/mallory/rover"})
    assert tab.state(ProjectState).repo.full_name == "mallory/rover"

    tab.set_router(token=login_token(s, attacker), path=f"/projects/{pid}")
    await tab.call(ProjectState, "load")
    st = tab.state(ProjectState)
    assert st.found and st.page.role == "" and st.todo == [] and st.page.members == []
    assert "Zelda" not in json.dumps(st.dict(), default=str) and "Quixote" not in json.dumps(st.dict(), default=str)
    await tab.call(ProjectState, "move", task_id, "done")  # the victim's task, by id
    await tab.call(ProjectState, "add_task", {"title": "Sabotage"})
    await tab.call(ProjectState, "decide", 1, True)
    await tab.call(ProjectState, "link_repo", {"repo": "mallory/evil"})
    await tab.call(ProjectState, "sync_repo")
    assert "project" in tab.state(ProjectState).errors
    s.expire_all()
    assert s.get(ProjectRepo, pid) is None
    assert s.get(ProjectTask, task_id).status == "todo"
    assert s.execute(sa.select(sa.func.count()).select_from(ProjectTask).where(ProjectTask.project_id == pid)).scalar_one() == 1
    assert s.execute(sa.select(ProjectMember.user_id).where(ProjectMember.project_id == pid)).scalars().all() == [victim.id]


async def test_hostile_payloads_write_nothing(world):
    s, _victim, attacker, pid, _task = world
    tab = await attacker_tab(s, attacker, f"/projects/{pid}")
    await tab.call(ProjectState, "load")
    await tab.call(ProjectState, "request_join", {"note": "x" * 5000})
    assert "note" in tab.state(ProjectState).errors
    await tab.call(ProjectState, "move", "1; drop", ["done"])
    await tab.call(ProjectState, "decide", "1", "yes")
    events = await tab.call(NewProjectState, "create", {"title": ["a"], "discipline": {"x": 1}})
    assert redirect_target(events) is None and tab.state(NewProjectState).errors
    s.expire_all()
    assert s.execute(sa.select(sa.func.count()).select_from(ProjectMember)).scalar_one() == 1
