import io

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from PIL import Image

from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import media, profiles
from engnest.projects.models import TeamProject
from engnest.projects.services import owner_projects


def about(session, user, **overrides):
    values = dict(first_name="Grace", last_name="Hopper", pitch="I build compilers.", discipline="software", now=NOW)
    values.update(overrides)
    return profiles.update_about(session=session, user_id=user.id, **values)


def test_a_full_profile_becomes_complete_and_the_flag_is_stored(session):
    user = make_user(session)
    assert not profiles.is_profile_complete(session=session, user_id=user.id)
    about(session, user)
    profiles.set_city(session=session, user_id=user.id, city_id=None, city_text="Leeds, United Kingdom", now=NOW)
    profiles.add_skill(session=session, user_id=user.id, name="COBOL", proficiency="expert", now=NOW)
    assert profiles.is_profile_complete(session=session, user_id=user.id)
    assert session.get(Profile, user.id).is_complete


def test_bad_about_fields_are_all_reported_and_nothing_changes(session):
    user = make_user(session)
    about(session, user)
    with pytest.raises(ValidationFailed) as exc:
        about(session, user, first_name="", discipline="wizardry", pitch="word " * 200)
    assert set(exc.value.errors) == {"first_name", "discipline", "pitch"}
    session.expire_all()
    assert session.get(Profile, user.id).first_name == "Grace"


def test_city_from_gazetteer_id_stores_coordinates_and_timezone(session):
    user = make_user(session)
    profiles.set_city(session=session, user_id=user.id, city_id=None, city_text="Osaka", now=NOW)
    profile = session.get(Profile, user.id)
    assert profile.city_country == "JP" and profile.city_timezone == "Asia/Tokyo"
    assert 34 < profile.city_lat < 35


def test_unknown_city_is_refused_with_suggestions(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed) as exc:
        profiles.set_city(session=session, user_id=user.id, city_id=None, city_text="Brisbain", now=NOW)
    assert "Brisbane" in exc.value.errors["city"]
    assert session.get(Profile, user.id).city_id is None


def test_adding_the_same_skill_twice_updates_its_level(session):
    user = make_user(session)
    profiles.add_skill(session=session, user_id=user.id, name="SolidWorks", proficiency="beginner", now=NOW)
    profiles.add_skill(session=session, user_id=user.id, name="solid works", proficiency="expert", now=NOW)
    skills = profiles.list_skills(session=session, user_id=user.id)
    assert [(s.name, s.proficiency) for s in skills] == [("solid works", "expert")]


def test_nobody_can_remove_or_edit_someone_elses_skill_or_project(session):
    owner = make_user(session, complete=True, creator=True)
    intruder = make_user(session, complete=True, creator=True)
    skill = profiles.list_skills(session=session, user_id=owner.id)[0]
    project = profiles.list_projects(session=session, user_id=owner.id)[0]
    # The intruder may do all of it to their own skill and project.
    own_skill = profiles.list_skills(session=session, user_id=intruder.id)[0]
    own_project = profiles.list_projects(session=session, user_id=intruder.id)[0]
    profiles.do_remove_skill(session=session, user_id=intruder.id, skill_id=own_skill.id, now=NOW)
    owner_projects.save_project(session=session, user_id=intruder.id, project_id=own_project.id, title="Renamed", description="", skills_wanted="", now=NOW)
    session.expire_all()
    assert session.get(Skill, own_skill.id) is None and session.get(TeamProject, own_project.id).title == "Renamed"
    profiles.do_remove_skill(session=session, user_id=intruder.id, skill_id=skill.id, now=NOW)
    with pytest.raises(ValidationFailed):
        owner_projects.save_project(session=session, user_id=intruder.id, project_id=project.id, title="Mine now", description="", skills_wanted="", now=NOW)
    with pytest.raises(ValidationFailed):
        owner_projects.remove_project(session=session, user_id=intruder.id, project_id=project.id, now=NOW)
    session.expire_all()
    assert session.get(Skill, skill.id) is not None
    assert session.get(TeamProject, project.id).title == project.title
    assert profiles.list_projects(session=session, user_id=intruder.id)[0].title == "Renamed"  # the profile's copy too


def test_switching_to_creator_requires_a_project_and_preference(session):
    user = make_user(session, complete=True)
    with pytest.raises(ValidationFailed) as exc:
        profiles.set_status(session=session, user_id=user.id, status="creator", preference="", now=NOW)
    assert "preference" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        profiles.set_status(session=session, user_id=user.id, status="creator", preference="online", now=NOW)
    assert "project" in exc.value.errors["status"]
    owner_projects.save_project(session=session, user_id=user.id, title="Wind tunnel", description="", skills_wanted="CFD", now=NOW)
    profiles.set_status(session=session, user_id=user.id, status="creator", preference="online", now=NOW)
    assert session.get(Profile, user.id).status == "creator"


def test_a_creators_last_project_cannot_be_removed(session):
    user = make_user(session, complete=True, creator=True)
    project = profiles.list_projects(session=session, user_id=user.id)[0]
    with pytest.raises(ValidationFailed):
        owner_projects.remove_project(session=session, user_id=user.id, project_id=project.id, now=NOW)


def _png(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def test_avatar_is_re_encoded_square_and_replaces_the_old_file(session):
    user = make_user(session)
    first = profiles.set_avatar(session=session, user_id=user.id, data=_png(), now=NOW).avatar_file
    session.commit()
    second = profiles.set_avatar(session=session, user_id=user.id, data=_png((10, 90)), now=NOW).avatar_file
    assert media.avatar_path(first) is not None  # the old photo stays until the change commits
    session.commit()
    assert media.avatar_path(first) is None
    with Image.open(media.avatar_path(second)) as img:
        assert img.format == "WEBP" and img.size == (256, 256)


@pytest.mark.parametrize("data", [b"", b"GIF89a-not-really", b"%PDF-1.4 hello", b"<svg onload=alert(1)>"])
def test_non_images_are_refused_as_avatars(session, data):
    user = make_user(session)
    with pytest.raises(ValidationFailed) as exc:
        profiles.set_avatar(session=session, user_id=user.id, data=data, now=NOW)
    assert exc.value.errors["avatar"]
    assert session.get(Profile, user.id).avatar_file is None


def test_oversized_avatar_is_refused(session, monkeypatch):
    monkeypatch.setenv("AVATAR_MAX_BYTES", "1000")
    from engnest.platform.settings import reset_settings_cache

    reset_settings_cache()
    user = make_user(session)
    with pytest.raises(ValidationFailed) as exc:
        profiles.set_avatar(session=session, user_id=user.id, data=_png((400, 400)) + b"\0" * 2000, now=NOW)
    assert "too large" in exc.value.errors["avatar"]


def test_profile_changes_are_pushed_to_the_owner_after_commit(session):
    from engnest.platform import events

    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        user = make_user(session)
        about(session, user)
        assert recorder.topics_for(user.id) == []
        session.commit()
    finally:
        events.remove_sink(recorder)
    assert recorder.topics_for(user.id) == [profiles.PROFILE_TOPIC]
    assert session.exec(sa.select(sa.func.count()).select_from(Profile)).one()[0] == 1


def test_refresh_once_refreshes_once_and_keeps_the_edits_before_a_refused_one(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed), profiles.refresh_once(session):
        about(session, user)
        profiles.set_city(session=session, user_id=user.id, city_id=None, city_text="Leeds, United Kingdom", now=NOW)
        profiles.add_skill(session=session, user_id=user.id, name="COBOL", proficiency="expert", now=NOW)
        assert not session.get(Profile, user.id).is_complete  # not refreshed yet: once, at the end
        profiles.add_skill(session=session, user_id=user.id, name="", proficiency="expert", now=NOW)
    session.commit()  # the seed's unit of work
    session.expire_all()
    stored = session.get(Profile, user.id)
    assert stored.is_complete and stored.first_name == "Grace" and "COBOL" in stored.search_doc
