"""People to meet, from the database: candidates come from indexed queries, then rank with a reason;
blocked people and existing collaborators are not suggested."""

from __future__ import annotations

from factories import NOW, make_user

from engnest.discovery.services import suggestions
from engnest.network.services import relations
from engnest.projects.services import owner_projects


def test_a_creator_is_shown_who_covers_the_projects_wants_with_a_reason(session):
    me = make_user(session, complete=True, creator=True, skills=("SolidWorks",), city="London, United Kingdom")
    owner_projects.save_project(session=session, user_id=me.id, title="Drone frame", description="Light frames.",
                                skills_wanted=["FEA", "Composites"], now=NOW)
    expert = make_user(session, complete=True, discipline="aerospace", skills=("FEA", "Composites"), city="Tokyo, Japan")
    neighbour = make_user(session, complete=True, discipline="civil", skills=("Surveying",), city="London, United Kingdom")
    got = suggestions.suggest(session=session, user_id=me.id)
    assert [s.user_id for s in got] == [expert.id, neighbour.id]
    assert got[0].reason == "knows FEA and Composites that your drone frame project wants"
    assert got[1].reason == "A civil engineer near you"


def test_a_recruit_is_shown_creators_whose_projects_want_their_skills(session):
    me = make_user(session, complete=True, skills=("CAD", "Python"), city="Tokyo, Japan")
    creator = make_user(session, complete=True, creator=True, skills=("ROS",), city="Osaka, Japan")  # its project wants CAD
    make_user(session, complete=True, skills=("Welding",), city="Sydney, Australia")
    got = suggestions.suggest(session=session, user_id=me.id)
    assert got[0].user_id == creator.id
    assert got[0].reason.endswith("wants CAD, which you know")


def test_blocked_people_and_collaborators_are_not_suggested(session):
    me = make_user(session, complete=True, city="London, United Kingdom")
    blocked = make_user(session, complete=True, city="London, United Kingdom")
    met = make_user(session, complete=True, city="London, United Kingdom")
    other = make_user(session, complete=True, city="London, United Kingdom")
    relations.block(session=session, blocker=blocked.id, blocked=me.id, now=NOW)
    relations.do_make_collaborators(session=session, a=me.id, b=met.id, now=NOW)
    session.commit()
    assert [s.user_id for s in suggestions.suggest(session=session, user_id=me.id)] == [other.id]
