"""Issue 14: projects, teams and the task board through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, make_user
from sqlmodel import select

from engnest.notifications.models import Notification
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.projects.domain.project import Draft, WantedSkill
from engnest.projects.services import directory, projects, tasks, team


def draft(**kw) -> Draft:
    base = dict(title="Solar kiln by Grace", summary="Grace Hopper builds a kiln that runs on sun.", disciplines=["electrical"],
                skills=[WantedSkill("Power Electronics", "expert"), WantedSkill("CAD", "beginner")], stage="prototype",
                preference="hybrid", online=False, city="Leeds", links=["https://example.org/kiln"])
    return Draft(**{**base, **kw})


@pytest.fixture
def cast(session):
    owner = make_user(session, complete=True, first_name="Grace", last_name="Hopper", discipline="electrical")
    stranger = make_user(session, complete=True, first_name="Alan", last_name="Turing")
    project = projects.create(session=session, owner_id=owner.id, draft=draft(), now=NOW)
    session.commit()
    return owner, stranger, project


def test_a_stranger_sees_the_project_but_never_the_owners_name(session, cast):
    owner, stranger, project = cast
    page = projects.page_for(session=session, project_id=project.id, viewer_id=stranger.id)
    assert page.role == "" and page.members == [] and page.member_count == 1
    assert "Grace" not in page.title + page.summary and "Hopper" not in page.summary
    assert page.owner.user_id == owner.id and page.owner.full.name == "" and "Grace" not in page.owner.pitch
    assert [(s.name, s.level) for s in page.skills] == [("Power Electronics", "Expert"), ("CAD", "Beginner")]
    assert page.place == "Leeds" and page.stage == "Prototype"
    mine = projects.page_for(session=session, project_id=project.id, viewer_id=owner.id)
    assert mine.role == "owner" and mine.title == "Solar kiln by Grace" and [m.name for m in mine.members][0].startswith("Grace")


def test_find_a_team_filters(session, cast):
    owner, _, project = cast
    other = projects.create(session=session, owner_id=owner.id, now=NOW + dt.timedelta(minutes=1), draft=draft(
        title="Bridge sensor", disciplines=["civil"], skills=[WantedSkill("Rust")], stage="idea", online=True, city=""))
    session.commit()

    def ids(**kw) -> list[int]:
        return [r.id for r in directory.find(session=session, filters=directory.Filters(**kw))]

    assert ids() == [other.id, project.id]
    assert ids(skill="power electronics") == [project.id] and ids(skill="rust") == [other.id] and ids(skill="C") == []
    assert ids(discipline="civil") == [other.id] and ids(discipline="electrical") == [project.id]
    assert ids(stage="idea") == [other.id] and ids(where="online") == [other.id] and ids(where="leeds") == [project.id]
    assert "Grace" not in directory.find(session=session, filters=directory.Filters())[1].title


def test_join_request_accept_then_tasks(session, cast):
    owner, stranger, project = cast
    req = team.request_join(session=session, project_id=project.id, user_id=stranger.id, note="I know CAD", now=NOW)
    session.commit()
    with pytest.raises(ValidationFailed):  # one pending request at a time
        team.request_join(session=session, project_id=project.id, user_id=stranger.id, note="again", now=NOW)
    with pytest.raises(ValidationFailed):  # the requester cannot accept their own request
        team.decide(session=session, request_id=req.id, by=stranger.id, accept=True, now=NOW)
    assert projects.page_for(session=session, project_id=project.id, viewer_id=stranger.id).pending == "request"
    team.decide(session=session, request_id=req.id, by=owner.id, accept=True, now=NOW)
    session.commit()
    page = projects.page_for(session=session, project_id=project.id, viewer_id=stranger.id)
    assert page.role == "member" and any(m.name.startswith("Grace") for m in page.members)
    welcome = session.exec(select(Notification).where(Notification.user_id == stranger.id, Notification.kind == team.JOINED)).one()
    assert welcome.link == routes.meeting_request_url(owner.id) and "meeting" in welcome.body  # joining proposes meeting

    due = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.timezone.utc)  # just after the clocks change: 02:30 BST, 10:30 JST
    task = tasks.add(session=session, project_id=project.id, by=owner.id, title="Draw the case", assignee_id=stranger.id, due_at=due, now=NOW)
    session.commit()
    assigned = session.exec(select(Notification).where(Notification.user_id == stranger.id, Notification.kind == tasks.ASSIGNED)).one()
    assert assigned.subject_id == task.id
    london = tasks.board(session=session, project_id=project.id, viewer_id=stranger.id, viewer_tz="Europe/London")
    tokyo = tasks.board(session=session, project_id=project.id, viewer_id=stranger.id, viewer_tz="Asia/Tokyo")
    assert "02:30 BST" in london.columns["todo"][0].due and "10:30 JST" in tokyo.columns["todo"][0].due
    tasks.move(session=session, task_id=task.id, by=stranger.id, status="done", now=NOW)
    session.commit()
    assert projects.page_for(session=session, project_id=project.id, viewer_id=owner.id).progress == 100


def test_team_rules_are_enforced_by_the_services(session, cast):
    owner, stranger, project = cast
    third = make_user(session, complete=True)
    with pytest.raises(ValidationFailed):  # a stranger cannot invite, edit, add tasks or read the board
        team.invite(session=session, project_id=project.id, by=stranger.id, user_id=third.id, note="", now=NOW)
    with pytest.raises(ValidationFailed):
        projects.update(session=session, project_id=project.id, user_id=stranger.id, draft=draft(title="Mine now"), now=NOW)
    with pytest.raises(ValidationFailed):
        tasks.add(session=session, project_id=project.id, by=stranger.id, title="x", now=NOW)
    with pytest.raises(ValidationFailed):
        tasks.board(session=session, project_id=project.id, viewer_id=stranger.id, viewer_tz="UTC")
    inv = team.invite(session=session, project_id=project.id, by=owner.id, user_id=third.id, note="Join us", now=NOW)
    with pytest.raises(ValidationFailed):  # only the invitee answers an invitation
        team.decide(session=session, request_id=inv.id, by=stranger.id, accept=True, now=NOW)
    team.decide(session=session, request_id=inv.id, by=third.id, accept=True, now=NOW)
    with pytest.raises(ValidationFailed):  # a member does not assign to others or move others' tasks
        tasks.add(session=session, project_id=project.id, by=third.id, title="x", assignee_id=owner.id, now=NOW)
    mine = tasks.add(session=session, project_id=project.id, by=owner.id, title="Owner's", assignee_id=owner.id, now=NOW)
    with pytest.raises(ValidationFailed):
        tasks.move(session=session, task_id=mine.id, by=third.id, status="done", now=NOW)
    with pytest.raises(ValidationFailed):  # assignees are members
        tasks.assign(session=session, task_id=mine.id, by=owner.id, assignee_id=stranger.id, now=NOW)
    with pytest.raises(ValidationFailed):  # only the owner changes roles
        team.set_role(session=session, project_id=project.id, by=third.id, user_id=third.id, role="maintainer")
    team.set_role(session=session, project_id=project.id, by=owner.id, user_id=third.id, role="maintainer")
    tasks.move(session=session, task_id=mine.id, by=third.id, status="doing", now=NOW)  # maintainers move any
    with pytest.raises(ValidationFailed):
        team.remove(session=session, project_id=project.id, by=third.id, user_id=owner.id)
    team.remove(session=session, project_id=project.id, by=third.id, user_id=third.id)  # leaving
    session.commit()
    assert projects.page_for(session=session, project_id=project.id, viewer_id=third.id).role == ""
