"""Issue 14 item 5: people for a project's open skills and projects for a person, with the one-line reason, through
indexes (the statements sent do not grow with the number of people or projects)."""

from __future__ import annotations

import pytest
from factories import NOW, make_user
from query_count import count_queries

from engnest.network.services import relations
from engnest.platform.domain.errors import ValidationFailed
from engnest.projects.domain.project import Draft, WantedSkill
from engnest.projects.services import matching, projects, team


def _project(session, owner_id: int, title: str, *skills: str, at=NOW):
    return projects.create(session=session, owner_id=owner_id, now=at, draft=Draft(
        title=title, summary="", disciplines=["mechanical"], skills=[WantedSkill(s) for s in skills], online=True))


@pytest.fixture
def world(session):
    owner = make_user(session, complete=True, first_name="Grace", last_name="Hopper", skills=("Python",))
    cad_fea = make_user(session, complete=True, first_name="Ada", last_name="Lovelace", skills=("CAD", "FEA"), discipline="mechanical")
    cad = make_user(session, complete=True, first_name="Alan", last_name="Turing", skills=("CAD",))
    nobody = make_user(session, complete=True, skills=("Welding",))
    project = _project(session, owner.id, "Drone frame", "CAD", "FEA")
    session.commit()
    return owner, cad_fea, cad, nobody, project


def test_people_for_a_project_know_what_it_wants_best_first_with_the_reason_and_no_names(session, world):
    owner, cad_fea, cad, nobody, project = world
    found = matching.people_for(session=session, project_id=project.id, viewer_id=owner.id)
    assert [m.user_id for m in found] == [cad_fea.id, cad.id]
    assert found[0].reason == "Knows CAD and FEA that your drone frame project wants"
    assert "Ada" not in found[0].label and "Lovelace" not in found[0].label and found[0].label.startswith("Mechanical engineer")


def test_people_for_a_project_leave_out_members_the_invited_and_the_blocked(session, world):
    owner, cad_fea, cad, _, project = world
    team.invite(session=session, project_id=project.id, by=owner.id, user_id=cad_fea.id, note="", now=NOW)
    relations.block(session=session, blocker=cad.id, blocked=owner.id, now=NOW)
    session.commit()
    assert matching.people_for(session=session, project_id=project.id, viewer_id=owner.id) == []


def test_only_those_who_may_invite_see_people_for_a_project(session, world):
    owner, cad_fea, cad, _, project = world
    assert matching.people_for(session=session, project_id=project.id, viewer_id=owner.id)  # allowed on their own project
    with pytest.raises(ValidationFailed):
        matching.people_for(session=session, project_id=project.id, viewer_id=cad.id)


def test_projects_for_a_person_want_what_they_know_with_the_reason(session, world):
    owner, cad_fea, cad, nobody, project = world
    other = _project(session, owner.id, "Bike jig", "CAD", "Welding")  # half of it covered
    _project(session, owner.id, "Weather app", "Rust")
    session.commit()
    found = matching.projects_for(session=session, user_id=cad_fea.id)
    assert [p.id for p in found] == [project.id, other.id]
    assert found[0].reason == "Their drone frame project wants CAD and FEA, which you know"
    assert [p.reason for p in matching.projects_for(session=session, user_id=nobody.id)] == [
        "Their bike jig project wants Welding, which you know"]
    team.request_join(session=session, project_id=project.id, user_id=cad_fea.id, note="", now=NOW)
    session.commit()
    assert [p.id for p in matching.projects_for(session=session, user_id=cad_fea.id)] == [other.id]  # already asked: left out
    assert [p.id for p in matching.projects_for(session=session, user_id=owner.id)] == []  # never one's own


def test_matching_sends_the_same_statements_however_many_people_and_projects(session, world):
    owner, cad_fea, _, _, project = world
    engine = session.get_bind()

    def statements() -> tuple[int, int]:
        session.expire_all()
        with count_queries(engine) as people:
            matching.people_for(session=session, project_id=project.id, viewer_id=owner.id)
        with count_queries(engine) as mine:
            matching.projects_for(session=session, user_id=cad_fea.id)
        return len(people), len(mine)

    before = statements()
    for n in range(6):
        make_user(session, complete=True, skills=("CAD", "FEA"))
        _project(session, owner.id, f"Extra {n}", "CAD")
    session.commit()
    assert statements() == before
