"""Every stored user text loses its bidirectional controls (issue 9, item 12), and the profile services
refuse values that are not text instead of storing "None" (item 13). One test per field, through the
service that stores it, reading back what was written."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from dm_support import collaborators, send
from factories import NOW, make_user
from meeting_support import accepted_meeting, local_slot, pair, request

from engnest.meetings.models import Meeting, MeetingEvent, MeetingReview
from engnest.meetings.services import meeting_actions, meeting_changes, meeting_clock, reviews
from engnest.messaging.models import Message
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import BIDI_CONTROLS, NOT_TEXT
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import profiles
from engnest.projects.models import TeamProject
from engnest.projects.services import owner_projects

RLO, LRI, PDI, RLM = "\u202e", "\u2066", "\u2069", "\u200f"


def spoof(text: str) -> str:
    """`text` with bidi controls put in, the way the probe did."""
    return f"{LRI}{text[:2]}{RLO}{text[2:]}{RLM}{PDI}"


def assert_clean(value: str, expected: str) -> None:
    assert not set(value) & set(BIDI_CONTROLS), repr(value)
    assert value == expected


def fresh(session, model, key):
    session.expire_all()
    return session.get(model, key)


# --- profile ------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["first_name", "last_name", "pitch"])
def test_about_fields_are_stored_without_bidi_controls(session, field):
    user = make_user(session)
    values = {"first_name": "Dana", "last_name": "Okafor", "pitch": "I build bridges.", "discipline": "civil"}
    profiles.update_about(session=session, user_id=user.id, now=NOW, **{**values, field: spoof(values[field])})
    assert_clean(getattr(fresh(session, Profile, user.id), field), values[field])


@pytest.mark.parametrize("field", ["github_url", "linkedin_url", "portfolio_url"])
def test_links_are_stored_without_bidi_controls(session, field):
    user = make_user(session)
    links = {"github_url": "https://github.com/dana", "linkedin_url": "https://linkedin.com/in/dana", "portfolio_url": "https://dana.dev/gnp.exe"}
    profiles.update_links(session=session, user_id=user.id, now=NOW, **{**links, field: spoof(links[field])})
    assert_clean(getattr(fresh(session, Profile, user.id), field), links[field])


def test_a_skill_is_stored_without_bidi_controls(session):
    user = make_user(session, skills=())
    skill = profiles.add_skill(session=session, user_id=user.id, name=spoof("SolidWorks"), proficiency="expert", now=NOW)
    stored = fresh(session, Skill, skill.id)
    assert_clean(stored.name, "SolidWorks")
    assert stored.key == "solidworks"


@pytest.mark.parametrize("field", ["title", "description", "skills_wanted"])
def test_project_fields_are_stored_without_bidi_controls(session, field):
    user = make_user(session)
    values = {"title": "Drone frame", "description": "Light and stiff.", "skills_wanted": "FEA"}
    project = owner_projects.save_project(session=session, user_id=user.id, now=NOW, **{**values, field: spoof(values[field])})
    stored = fresh(session, TeamProject, project.id)
    if field == "skills_wanted":
        assert [s["name"] for s in stored.skills_wanted] == ["FEA"]
    else:
        assert_clean(getattr(stored, "summary" if field == "description" else field), values[field])


def test_a_city_typed_with_bidi_controls_is_found(session):
    user = make_user(session)
    profiles.set_city(session=session, user_id=user.id, city_id=None, city_text=f"{RLO}London, United Kingdom{PDI}", now=NOW)
    assert fresh(session, Profile, user.id).city_name.startswith("London")


# --- meetings, reviews, messages -------------------------------------------------------------------


def test_a_meeting_request_message_is_stored_without_bidi_controls(session):
    a, b = pair(session)
    meeting = request(session, a, b, message=spoof("Coffee at the library?"))
    assert_clean(fresh(session, Meeting, meeting.id).message, "Coffee at the library?")


def test_a_counter_proposal_message_is_stored_without_bidi_controls(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    date, time = local_slot(days=11, hour=3, tz=b.timezone)
    meeting_actions.counter(
        session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=60, message=spoof("Later?"), now=NOW
    )
    event = session.exec(sa.select(MeetingEvent).where(MeetingEvent.action == "countered")).one()[0]
    assert_clean(event.note, "Later?")


def test_a_change_proposal_message_is_stored_without_bidi_controls(session):
    a, b = pair(session)
    m = accepted_meeting(session, a, b, start=NOW + dt.timedelta(days=3))
    date, time = local_slot(days=7, hour=15, tz=b.timezone)
    meeting_changes.propose_change(
        session=session, meeting_id=m.id, user_id=b.id, start_date=date, start_time=time, duration=60, message=spoof("Can we move?"), now=NOW
    )
    assert_clean(fresh(session, Meeting, m.id).change_message, "Can we move?")


def test_a_cancellation_reason_is_stored_without_bidi_controls(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason=spoof("Plans changed"), now=NOW)
    assert_clean(fresh(session, Meeting, meeting.id).cancel_reason, "Plans changed")


def test_a_review_comment_and_a_dispute_note_are_stored_without_bidi_controls(session):
    a, b = pair(session)
    start = NOW + dt.timedelta(days=3)
    m = accepted_meeting(session, a, b, start=start)
    end = start + dt.timedelta(minutes=30)
    meeting_clock.do_end(session=session, meeting_id=m.id, now=end)
    report = reviews.submit_review(
        session=session, meeting_id=m.id, user_id=a.id, rating="2", comment=spoof("Never came"), attended="no", now=end
    )
    dispute(session=session, meeting_id=m.id, user_id=b.id, note=spoof("I was by the window"), now=end + dt.timedelta(hours=1))
    stored = fresh(session, MeetingReview, report.id)
    assert_clean(stored.comment, "Never came")
    assert_clean(stored.dispute_note, "I was by the window")


def test_a_direct_message_is_stored_without_bidi_controls(session):
    a, b = pair(session)
    collaborators(session, a, b)
    sent = send(session, a, b, body=spoof("See you at noon"))
    assert_clean(fresh(session, Message, sent.message.id).body, "See you at noon")


# --- values that are not text -------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, 3, 1.5, True, ["x"], {"x": 1}])
def test_a_project_field_that_is_not_text_is_refused_and_nothing_is_stored(session, bad):
    user = make_user(session)
    for field, key in (("title", "project_title"), ("description", "project_description"), ("skills_wanted", "project_skills")):
        values = {"title": "Drone frame", "description": "", "skills_wanted": "FEA", field: bad}
        if field == "skills_wanted" and bad == ["x"]:
            continue  # a list of names is a valid form of this field
        with pytest.raises(ValidationFailed) as refused:
            owner_projects.save_project(session=session, user_id=user.id, now=NOW, **values)
        assert refused.value.errors == {key: NOT_TEXT}
    assert profiles.list_projects(session=session, user_id=user.id) == []


@pytest.mark.parametrize("bad", [None, 7, ["Dana"], {"a": "b"}])
def test_profile_fields_that_are_not_text_are_refused_and_nothing_is_stored(session, bad):
    user = make_user(session, complete=True, first_name="Dana", last_name="Okafor")
    before = fresh(session, Profile, user.id).model_dump()
    calls = [
        (profiles.update_about, {"first_name": bad, "last_name": "Okafor", "pitch": "Hi", "discipline": "civil"}, "first_name"),
        # (pitch=None means "leave the pitch as it is" since the pitch is published through its own card)
        *([(profiles.update_about, {"first_name": "Dana", "last_name": "Okafor", "pitch": bad, "discipline": "civil"}, "pitch")] if bad is not None else []),
        (profiles.set_status, {"status": bad, "preference": ""}, "status"),
        (profiles.update_links, {"github_url": "", "linkedin_url": "", "portfolio_url": bad}, "portfolio_url"),
        (profiles.add_skill, {"name": bad, "proficiency": "expert"}, "skill"),
        (profiles.set_city, {"city_id": None, "city_text": bad}, "city"),
    ]
    for fn, kwargs, field in calls:
        with pytest.raises(ValidationFailed) as refused:
            fn(session=session, user_id=user.id, now=NOW, **kwargs)
        assert refused.value.errors == {field: NOT_TEXT}
    after = fresh(session, Profile, user.id).model_dump()
    assert after == before
    assert "None" not in {after["first_name"], after["pitch"]}


@pytest.mark.parametrize("link", ["[1]", "https://[::1", "https://example.com:99999"])
def test_a_broken_portfolio_link_is_refused_with_the_fields_message(session, link):
    user = make_user(session)
    with pytest.raises(ValidationFailed) as refused:
        profiles.update_links(session=session, user_id=user.id, github_url="", linkedin_url="", portfolio_url=link, now=NOW)
    assert set(refused.value.errors) == {"portfolio_url"}
    assert fresh(session, Profile, user.id).portfolio_url == ""


def dispute(*, session, meeting_id, user_id, note, now):
    """A dispute as the meeting page makes it: checked, then done, then committed (the test is the outermost caller)."""
    report = reviews.dispute(session=session, meeting_id=meeting_id, user_id=user_id, note=note, now=now)
    session.commit()
    return report
