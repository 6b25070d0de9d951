"""People to meet: skills that cover my projects' wants rank first (the reverse for recruits), then distance
and collaboration preference; every suggestion says why in one line."""

from __future__ import annotations

from engnest.discovery.domain.suggestions import Person, Wants, diversify, preference_fit, rank

DRONE = Wants("Drone frame optimisation", {"cad": "CAD", "fea": "FEA", "composites": "Composites"})


def creator(**kw) -> Person:
    return Person(status="creator", discipline="mechanical", preference="hybrid", skills={"solidworks": "SolidWorks"}, projects=(DRONE,), **kw)


def test_a_creator_sees_people_who_know_what_the_project_wants_first():
    me = creator()
    expert = Person(status="recruit", discipline="aerospace", skills={"cad": "CAD", "fea": "FEA"})
    novice = Person(status="recruit", discipline="aerospace", skills={"python": "Python"})
    assert rank(me, expert, 500).score > rank(me, novice, 5).score
    assert rank(me, expert, 500).reason == "knows CAD and FEA that your drone frame optimisation project wants"


def test_a_recruit_sees_creators_whose_projects_want_what_they_know():
    me = Person(status="recruit", discipline="software", skills={"ros": "ROS", "python": "Python"})
    rover = Person(status="creator", discipline="robotics", preference="in_person", projects=(Wants("Greenhouse rover", {"ros": "ROS", "python": "Python", "cad": "CAD"}),))
    other = Person(status="creator", discipline="civil", preference="in_person", projects=(Wants("Footbridge", {"autocad": "AutoCAD"}),))
    assert rank(me, rover, 300).score > rank(me, other, 3).score
    assert rank(me, rover, 300).reason == "their greenhouse rover project wants ROS and Python, which you know"


def test_distance_and_preference_break_ties():
    me = creator()
    near = Person(status="recruit", discipline="civil", preference="hybrid")
    far = Person(status="recruit", discipline="civil", preference="hybrid")
    assert rank(me, near, 5).score > rank(me, far, 800).score
    assert rank(me, near, 5).reason == "A civil engineer near you"
    online_only = Person(status="creator", discipline="civil", preference="online")
    in_person = Person(status="creator", discipline="civil", preference="in_person")
    me_in_person = Person(status="creator", preference="in_person")
    assert rank(me_in_person, in_person, 50).score > rank(me_in_person, online_only, 50).score
    assert preference_fit("in_person", "online") < preference_fit("hybrid", "online") < preference_fit("online", "online")


def test_without_overlap_the_reason_still_says_something_true():
    me = Person(status="recruit", skills={"python": "Python"})
    them = Person(status="recruit", discipline="electrical", skills={"python": "Python"})
    assert rank(me, them, 2000).reason == "An electrical engineer who also knows Python"
    assert rank(me, Person(status="recruit"), None).reason == "An engineer you have not met yet"


def test_one_discipline_does_not_fill_the_list():
    ranked = [(0.9, "materials", "m1"), (0.89, "materials", "m2"), (0.88, "materials", "m3"), (0.8, "civil", "c1")]
    assert diversify(ranked, 3) == ["m1", "c1", "m2"]
    assert diversify(ranked, 10) == ["m1", "c1", "m2", "m3"]
