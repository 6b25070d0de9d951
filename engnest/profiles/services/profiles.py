"""Profiles: every edit validates first, writes only the caller's own rows, and refreshes completeness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.platform import throttle
from engnest.platform.domain import user_text
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import NOT_TEXT, require_text
from engnest.platform.events import push_after_commit
from engnest.platform.places.gazetteer import gazetteer
from engnest.platform.settings import get_settings
from engnest.profiles.domain import profile as rules
from engnest.profiles.models import Profile, Project, Skill
from engnest.profiles.services import anonymise, media

PROFILE_TOPIC = "profile"


@dataclass
class OwnerProfile:
    user: User
    profile: Profile
    skills: list[Skill]
    projects: list[Project]

    @property
    def facts(self) -> rules.ProfileFacts:
        return facts_for(self.profile, self.skills, self.projects)

    @property
    def checklist(self) -> list[rules.ChecklistItem]:
        return rules.completeness_checklist(self.facts)


def facts_for(profile: Profile, skills: list[Skill], projects: list[Project]) -> rules.ProfileFacts:
    return rules.ProfileFacts(
        first_name=profile.first_name,
        last_name=profile.last_name,
        pitch=profile.pitch,
        status=profile.status,
        discipline=profile.discipline,
        city_id=profile.city_id,
        skills=tuple(s.name for s in skills),
        projects=tuple(p.title for p in projects),
        preference=profile.preference,
    )


def _profile(session: Session, user_id: int) -> Profile:
    profile = session.get(Profile, user_id)
    if profile is None:
        if session.get(User, user_id) is None:
            raise ValidationFailed(form="Your account no longer exists.")
        profile = Profile(user_id=user_id)
        session.add(profile)
        session.flush()
    return profile


def list_skills(*, session: Session, user_id: int) -> list[Skill]:
    return list(session.exec(select(Skill).where(Skill.user_id == user_id).order_by(Skill.id)))


def list_projects(*, session: Session, user_id: int) -> list[Project]:
    return list(session.exec(select(Project).where(Project.user_id == user_id).order_by(Project.id)))


def load_owner_profile(*, session: Session, user_id: int) -> OwnerProfile:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    return OwnerProfile(
        user=user,
        profile=_profile(session, user_id),
        skills=list_skills(session=session, user_id=user_id),
        projects=list_projects(session=session, user_id=user_id),
    )


def is_profile_complete(*, session: Session, user_id: int) -> bool:
    """The gate for sending or accepting meeting requests."""
    profile = session.get(Profile, user_id)
    if profile is None:
        return False
    facts = facts_for(profile, list_skills(session=session, user_id=user_id), list_projects(session=session, user_id=user_id))
    return rules.is_complete(facts)


def _commit(session: Session, profile: Profile, now: dt.datetime) -> None:
    """Refresh what search reads (completeness, the redacted pitch, the search document) and commit."""
    rule = get_settings().profile_save_limit
    if not throttle.take_unless_rolled_back(session, rule, "profile-save", str(profile.user_id)):
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "profile-save", str(profile.user_id)))
        raise ValidationFailed(form=f"You are saving your profile too often. Wait {wait} and try again.")
    session.flush()
    skills = list_skills(session=session, user_id=profile.user_id)
    projects = list_projects(session=session, user_id=profile.user_id)
    profile.is_complete = rules.is_complete(facts_for(profile, skills, projects))
    user = session.get(User, profile.user_id)
    anonymise.refresh(profile, skills, projects, email=user.email if user else None)
    profile.updated_at = now
    session.add(profile)
    push_after_commit(session, [profile.user_id], PROFILE_TOPIC)  # the owner's other tabs refresh
    session.commit()


def check_update_about(
    *,
    session: Session,
    user_id: int,
    first_name: str,
    last_name: str,
    discipline: str,
    now: dt.datetime,
    pitch: str | None = None,
) -> Profile:
    """Names and discipline (and the pitch, for callers that publish it here; the profile page publishes it
    through pitch_publishing)."""
    require_text(first_name=first_name, last_name=last_name, discipline=discipline)
    if pitch is not None:
        require_text(pitch=pitch)
    errors = Collector()
    first = errors.check("first_name", rules.check_name, first_name, "first_name", "first name")
    last = errors.check("last_name", rules.check_name, last_name, "last_name", "last name")
    clean_pitch = errors.check("pitch", rules.check_pitch, pitch) if pitch is not None else None
    disc = errors.check("discipline", rules.check_discipline, discipline)
    errors.raise_if_any()
    profile = _profile(session, user_id)
    profile.first_name, profile.last_name, profile.discipline = first, last, disc
    if clean_pitch is not None:
        profile.pitch = clean_pitch
    _commit(session, profile, now)
    return profile


def check_set_status(
    *, session: Session, user_id: int, status: str, preference: str, now: dt.datetime
) -> Profile:
    """Switch between creator and recruit. Creators need a project and a collaboration preference."""
    require_text(status=status, preference=preference)
    errors = Collector()
    new_status = errors.check("status", rules.check_status, status)
    pref = ""
    if preference or new_status == "creator":
        pref = errors.check("preference", rules.check_preference, preference) or ""
    errors.raise_if_any()
    profile = _profile(session, user_id)
    if new_status == "creator":
        projects = list_projects(session=session, user_id=user_id)
        facts = rules.ProfileFacts(projects=tuple(p.title for p in projects), preference=pref)
        missing = rules.creator_requirements_missing(facts)
        if missing:
            raise ValidationFailed(status="To become a creator, first add " + " and ".join(missing) + ".")
    profile.status, profile.preference = new_status, pref
    _commit(session, profile, now)
    return profile


def check_set_city(*, session: Session, user_id: int, city_id: int | None, city_text: str, now: dt.datetime) -> Profile:
    """Set the city from a picked gazetteer id, or from text that names exactly one known city."""
    require_text(city=city_text)
    city_text = user_text.clean(city_text)
    if not isinstance(city_id, int) or isinstance(city_id, bool):
        city_id = None
    g = gazetteer()
    city = g.get(city_id) if city_id else None
    if city is None and (city_text or "").strip():
        city = g.resolve(city_text)
    if city is None:
        if not (city_text or "").strip():
            raise ValidationFailed(city="Choose your city from the list.")
        hints = [c.label for c in g.suggest(city_text)]
        hint = f" Did you mean: {'; '.join(hints)}?" if hints else " Check the spelling, or pick a nearby larger city."
        raise ValidationFailed(city=f"We do not know a city called {city_text.strip()[:60]!r}.{hint}")
    profile = _profile(session, user_id)
    profile.city_id, profile.city_name, profile.city_country = city.id, city.label, city.country
    profile.city_lat, profile.city_lon, profile.city_timezone = city.lat, city.lon, city.timezone
    _commit(session, profile, now)
    return profile


def check_update_links(
    *, session: Session, user_id: int, github_url: str, linkedin_url: str, portfolio_url: str, now: dt.datetime
) -> Profile:
    require_text(github_url=github_url, linkedin_url=linkedin_url, portfolio_url=portfolio_url)
    errors = Collector()
    gh = errors.check("github_url", rules.check_link, github_url, "github_url")
    li = errors.check("linkedin_url", rules.check_link, linkedin_url, "linkedin_url")
    pf = errors.check("portfolio_url", rules.check_link, portfolio_url, "portfolio_url")
    errors.raise_if_any()
    profile = _profile(session, user_id)
    profile.github_url, profile.linkedin_url, profile.portfolio_url = gh, li, pf
    _commit(session, profile, now)
    return profile


def check_add_skill(*, session: Session, user_id: int, name: str, proficiency: str, now: dt.datetime) -> Skill:
    require_text(skill=name, proficiency=proficiency)
    errors = Collector()
    clean = errors.check("skill", rules.normalize_skill, name)
    level = errors.check("proficiency", rules.check_proficiency, proficiency)
    errors.raise_if_any()
    skills = list_skills(session=session, user_id=user_id)
    key = rules.skill_key(clean)
    existing = next((s for s in skills if s.key == key), None)
    if existing is None and len(skills) >= rules.MAX_SKILLS:
        raise ValidationFailed(skill=f"You can list at most {rules.MAX_SKILLS} skills.")
    profile = _profile(session, user_id)
    skill = existing or Skill(user_id=user_id, key=key, name=clean)
    skill.name, skill.proficiency = clean, level
    session.add(skill)
    _commit(session, profile, now)
    return skill


def do_remove_skill(*, session: Session, user_id: int, skill_id: int, now: dt.datetime) -> None:
    session.execute(sa.delete(Skill).where(Skill.id == skill_id, Skill.user_id == user_id))
    _commit(session, _profile(session, user_id), now)


def _check_project_fields(title: str, description: str, skills_wanted: str | list[str]) -> tuple[str, str, list[str]]:
    require_text(project_title=title, project_description=description)
    if not isinstance(skills_wanted, str) and not (isinstance(skills_wanted, list) and all(isinstance(s, str) for s in skills_wanted)):
        raise ValidationFailed(project_skills=NOT_TEXT)
    errors = Collector()
    clean_title = rules.clean_text(title, max_len=rules.PROJECT_TITLE_MAX + 1)
    if not clean_title:
        errors.add("project_title", "Give the project a title.")
    elif len(clean_title) > rules.PROJECT_TITLE_MAX:
        errors.add("project_title", f"Keep the title under {rules.PROJECT_TITLE_MAX} characters.")
    clean_desc = rules.clean_text(description, max_len=rules.PROJECT_DESCRIPTION_MAX + 1)
    if len(clean_desc) > rules.PROJECT_DESCRIPTION_MAX:
        errors.add("project_description", f"Keep the description under {rules.PROJECT_DESCRIPTION_MAX} characters.")
    wanted = errors.check("project_skills", rules.check_skills_list, skills_wanted, field_name="project_skills")
    errors.raise_if_any()
    return clean_title, clean_desc, wanted or []


def check_save_project(
    *,
    session: Session,
    user_id: int,
    title: str,
    description: str,
    skills_wanted: str | list[str],
    now: dt.datetime,
    project_id: int | None = None,
) -> Project:
    """Create a project, or update one of the caller's own projects when `project_id` is given."""
    clean_title, clean_desc, wanted = _check_project_fields(title, description, skills_wanted)
    if project_id:
        project = session.get(Project, project_id)
        if project is None or project.user_id != user_id:
            raise ValidationFailed(project_title="That project does not exist.")
    else:
        if len(list_projects(session=session, user_id=user_id)) >= rules.MAX_PROJECTS:
            raise ValidationFailed(project_title=f"You can list at most {rules.MAX_PROJECTS} projects.")
        project = Project(user_id=user_id, title=clean_title, created_at=now)
    project.title, project.description, project.skills_wanted, project.updated_at = clean_title, clean_desc, wanted, now
    session.add(project)
    _commit(session, _profile(session, user_id), now)
    return project


def check_remove_project(*, session: Session, user_id: int, project_id: int, now: dt.datetime) -> None:
    profile = _profile(session, user_id)
    projects = list_projects(session=session, user_id=user_id)
    if not any(p.id == project_id for p in projects):
        raise ValidationFailed(project_title="That project does not exist.")
    if profile.status == "creator" and len(projects) == 1:
        raise ValidationFailed(
            project_title="Creators need at least one current project. Add another first, or switch to recruit."
        )
    session.execute(sa.delete(Project).where(Project.id == project_id, Project.user_id == user_id))
    _commit(session, profile, now)


def check_set_avatar(*, session: Session, user_id: int, data: bytes, now: dt.datetime) -> Profile:
    image = media.process_avatar(data)
    profile = _profile(session, user_id)
    old = profile.avatar_file
    profile.avatar_file = media.store_avatar(image)
    _commit(session, profile, now)
    if old:
        media.remove_avatar_file(old)
    return profile


def do_remove_avatar(*, session: Session, user_id: int, now: dt.datetime) -> None:
    profile = _profile(session, user_id)
    old, profile.avatar_file = profile.avatar_file, None
    _commit(session, profile, now)
    if old:
        media.remove_avatar_file(old)


def commit_profile(session: Session, profile: Profile, now: dt.datetime) -> None:
    """For sibling services (pitch_publishing): refresh completeness and the public texts, and commit."""
    _commit(session, profile, now)
