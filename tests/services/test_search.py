"""People search on SQLite and PostgreSQL: every filter, full text over what strangers may read,
distance, online now, sorts, paging, blocked people and bad input."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import NOW, make_user

from engnest.discovery.domain.search import PAGE_SIZE, parse_filters
from engnest.discovery.services import search
from engnest.network.services import relations
from engnest.profiles.models import Profile
from engnest.profiles.services import profiles
from engnest.projects.services import owner_projects


def run(session, viewer, online_ids=None, **params):
    filters = parse_filters({k: str(v) for k, v in params.items()})
    return search.search(session=session, viewer_id=viewer.id, filters=filters, online_ids=online_ids or set())


@pytest.fixture
def people(session):
    """A viewer in London and engineers around London, in Reading, Manchester and Tokyo."""
    viewer = make_user(session, complete=True, first_name="Vera", city="London, United Kingdom", skills=("Python",))
    drone = make_user(session, complete=True, first_name="Zelda", last_name="Quixote", creator=True, city="Reading, United Kingdom",
                      pitch="I'm Zelda Quixote. I build drone frames; mail zelda@example.com.", skills=("CAD", "FEA"))
    sparky = make_user(session, complete=True, first_name="Sam", discipline="electrical", city="Manchester, United Kingdom",
                       pitch="PCB design and battery packs for e-bikes.", skills=("PCB Design", "CAD"))
    coder = make_user(session, complete=True, first_name="Kenji", discipline="software", city="Tokyo, Japan",
                      pitch="Rust and embedded firmware for drones.", skills=("Rust",))
    draft = make_user(session, first_name="Nobody")  # incomplete profile: never listed
    return dict(viewer=viewer, drone=drone, sparky=sparky, coder=coder, draft=draft)


def test_lists_complete_profiles_except_me(session, people):
    page = run(session, people["viewer"])
    assert page.total == 3 and set(page.ids) == {people["drone"].id, people["sparky"].id, people["coder"].id}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"discipline": "electrical"}, ["sparky"]),
        ({"status": "creator"}, ["drone"]),
        ({"preference": "hybrid"}, ["drone"]),
        ({"skills": "cad"}, ["drone", "sparky"]),
        ({"skills": "CAD, fea", "match": "all"}, ["drone"]),
        ({"skills": "CAD, fea", "match": "any"}, ["drone", "sparky"]),
        ({"projects": "1"}, ["drone"]),
        ({"q": "drone"}, ["drone", "coder"]),
        ({"q": "drone frames"}, ["drone"]),
        ({"q": "batter"}, ["sparky"]),  # prefix and stemming
        ({"within": "100"}, ["drone"]),
        ({"within": "300"}, ["drone", "sparky"]),
        ({"within": "300", "q": "pcb"}, ["sparky"]),
    ],
)
def test_each_filter(session, people, params, expected):
    assert set(run(session, people["viewer"], **params).ids) == {people[name].id for name in expected}


def test_names_and_contact_details_are_not_searchable(session, people):
    assert run(session, people["viewer"], q="Zelda").total == 0
    assert run(session, people["viewer"], q="Quixote").total == 0
    assert run(session, people["viewer"], q="zelda@example.com").total == 0


def test_sql_and_fts_syntax_in_the_text_is_just_text(session, people):
    assert run(session, people["viewer"], q="'; DROP TABLE profile; --").total == 0
    assert run(session, people["viewer"], q='drone" OR "x').total == 2
    assert session.execute(sa.select(sa.func.count()).select_from(Profile)).scalar_one() == 5
    assert run(session, people["viewer"], q='"drone*" AND (').total == 2


def test_online_now_uses_the_ids_it_is_given(session, people):
    online = {people["coder"].id, people["draft"].id, people["viewer"].id}
    assert run(session, people["viewer"], online_ids=online, online="1").ids == [people["coder"].id]
    assert run(session, people["viewer"], online_ids=set(), online="1").total == 0


def test_sort_by_distance_and_the_distances_are_geodesic(session, people):
    page = run(session, people["viewer"], sort="distance")
    assert page.ids == [people["drone"].id, people["sparky"].id, people["coder"].id]
    assert page.distances[people["drone"].id] == pytest.approx(59, abs=2)
    assert page.distances[people["coder"].id] == pytest.approx(9560, abs=100)
    within = run(session, people["viewer"], sort="distance", within="300")
    assert within.ids == [people["drone"].id, people["sparky"].id]


def test_sort_by_reliability_puts_new_members_last(session, people):
    for key, value in (("sparky", 0.9), ("coder", 0.6)):
        session.get(Profile, people[key].id).reliability = value
    session.commit()
    assert run(session, people["viewer"], sort="reliability").ids == [people["sparky"].id, people["coder"].id, people["drone"].id]


def test_newest_first_and_every_term_must_match(session, people):
    assert run(session, people["viewer"], sort="newest").ids[0] == people["coder"].id
    assert run(session, people["viewer"], q="drone frames firmware").total == 0


def test_relevance_puts_the_closest_match_first(session):
    viewer = make_user(session, complete=True)
    passing = make_user(session, complete=True, pitch="Bridges, tunnels, dams, surveying, concrete, steel, timber and one drone survey.")
    focused = make_user(session, complete=True, pitch="Drones. Drone racing, drone frames, drone motors.")
    assert run(session, viewer, q="drone").ids == [focused.id, passing.id]


def test_distance_without_my_city_is_ignored_with_a_note(session, people):
    homeless = make_user(session, first_name="Hal")
    page = run(session, homeless, within="50", sort="distance")
    assert page.total == 4  # the viewer of the fixture included
    assert any("Set your city" in note for note in page.notes)


def test_blocked_people_vanish_both_ways(session, people):
    relations.block(session=session, blocker=people["viewer"].id, blocked=people["drone"].id, now=NOW)
    assert people["drone"].id not in run(session, people["viewer"]).ids
    assert people["viewer"].id in run(session, people["sparky"]).ids  # only the pair is affected
    assert people["viewer"].id not in run(session, people["drone"]).ids
    relations.do_unblock(session=session, blocker=people["viewer"].id, blocked=people["drone"].id)
    assert people["drone"].id in run(session, people["viewer"]).ids


def test_paging_counts_everyone_and_absurd_pages_are_empty(session):
    viewer = make_user(session, complete=True)
    for _ in range(PAGE_SIZE + 3):
        make_user(session, complete=True, skills=("CAD",))
    first, second = run(session, viewer), run(session, viewer, page=2)
    assert first.total == PAGE_SIZE + 3 and first.pages == 2
    assert len(first.ids) == PAGE_SIZE and len(second.ids) == 3 and not set(first.ids) & set(second.ids)
    far = run(session, viewer, page=999999)
    assert far.total == PAGE_SIZE + 3 and far.ids == []


def test_the_index_follows_profile_edits(session, people):
    drone = people["drone"]
    profiles.update_about(session=session, user_id=drone.id, first_name="Zelda", last_name="Quixote",
                                pitch="Now I restore tram motors.", discipline="mechanical", now=NOW)
    assert run(session, people["viewer"], q="tram").ids == [drone.id]
    assert run(session, people["viewer"], q="frames").total == 0
    owner_projects.save_project(session=session, user_id=drone.id, title="Hydrofoil", description="A foiling kayak.",
                                skills_wanted=["Composites"], now=NOW)
    assert run(session, people["viewer"], q="hydrofoil kayak").ids == [drone.id]
    assert run(session, people["viewer"], q="composites").ids == [drone.id]


def test_counting_stops_at_the_cap_but_paging_goes_on(session, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    viewer = make_user(session, complete=True)
    for _ in range(PAGE_SIZE + 3):
        make_user(session, complete=True)
    first = run(session, viewer)
    assert (first.total, first.more, first.has_next, len(first.ids)) == (PAGE_SIZE, True, True, PAGE_SIZE)
    second = run(session, viewer, page=2)
    assert (second.total, second.more, second.has_next, len(second.ids)) == (PAGE_SIZE + 3, False, False, 3)


def test_text_with_a_discipline_whose_label_has_several_words(session):
    viewer = make_user(session, complete=True)
    plc = make_user(session, complete=True, discipline="control", pitch="Ladder logic and PLC retrofits.")
    make_user(session, complete=True, discipline="software", pitch="PLC simulators in Rust.")
    assert run(session, viewer, q="plc", discipline="control").ids == [plc.id]
