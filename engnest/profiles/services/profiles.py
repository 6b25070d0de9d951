"""Profiles: every edit validates first, writes only the caller's own rows, and refreshes completeness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.platform import throttle
from engnest.platform.domain import user_text
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import NOT_TEXT, require_text
from engnest.platform.events import call_after_commit, push_after_commit
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


_BATCH = "profiles.refresh_once"


@contextmanager
def refresh_once(session: Session) -> Iterator[None]:
    """Several edits of one or more profiles (the demo seed fills a whole profile at once): each edit validates
    and writes as usual, but the public texts are refreshed once per profile, when the block ends. A refused
    edit (ValidationFailed) wrote nothing, so the edits before it are refreshed and kept."""
    pending: dict[int, tuple[Profile, dt.datetime]] = {}
    session.info[_BATCH] = pending
    try:
        yield
    except ValidationFailed:
        _refresh_pending(session, pending)
        raise
    finally:
        session.info.pop(_BATCH, None)
    _refresh_pending(session, pending)


def _refresh_pending(session: Session, pending: dict[int, tuple[Profile, dt.datetime]]) -> None:
    session.info.pop(_BATCH, None)
    for profile, now in pending.values():
        _refresh(session, profile, now)


def _refresh(session: Session, profile: Profile, now: dt.datetime) -> None:
    """Refresh what search reads (completeness, the redacted pitch, the search document); the owner's other
    tabs are told after the caller's commit. Inside `refresh_once`: once, at the end of the block."""
    rule = get_settings().profile_save_limit
    if not throttle.take_unless_rolled_back(session, rule, "profile-save", str(profile.user_id)):
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "profile-save", str(profile.user_id)))
        raise ValidationFailed(form=f"You are saving your profile too often. Wait {wait} and try again.")
    session.flush()
    pending = session.info.get(_BATCH)
    if pending is not None:
        pending[profile.user_id] = (profile, now)
        return
    skills = list_skills(session=session, user_id=profile.user_id)
    projects = list_projects(session=session, user_id=profile.user_id)
    profile.is_complete = rules.is_complete(facts_for(profile, skills, projects))
    user = session.get(User, profile.user_id)
    anonymise.refresh(profile, skills, projects, email=user.email if user else None)
    profile.updated_at = now
    session.add(profile)
    push_after_commit(session, [profile.user_id], PROFILE_TOPIC)


def refresh_profile(session: Session, profile: Profile, now: dt.datetime) -> None:
    """For sibling services' do_ steps (pitch_publishing): refresh completeness and the public texts."""
    _refresh(session, profile, now)


def _require_account(session: Session, user_id: int) -> None:
    if session.get(Profile, user_id) is None and session.get(User, user_id) is None:
        raise ValidationFailed(form="Your account no longer exists.")


# --- names, discipline, pitch ----------------------------------------------------------------------


@dataclass(frozen=True)
class AboutRequest:
    user_id: int
    first_name: str
    last_name: str
    discipline: str
    pitch: str | None  # None: the pitch is not changed here (the profile page publishes it via pitch_publishing)


def check_update_about(
    *, session: Session, user_id: int, first_name: str, last_name: str, discipline: str, pitch: str | None = None
) -> AboutRequest:
    require_text(first_name=first_name, last_name=last_name, discipline=discipline)
    if pitch is not None:
        require_text(pitch=pitch)
    errors = Collector()
    first = errors.check("first_name", rules.check_name, first_name, "first_name", "first name")
    last = errors.check("last_name", rules.check_name, last_name, "last_name", "last name")
    clean_pitch = errors.check("pitch", rules.check_pitch, pitch) if pitch is not None else None
    disc = errors.check("discipline", rules.check_discipline, discipline)
    errors.raise_if_any()
    _require_account(session, user_id)
    return AboutRequest(user_id, first, last, disc, clean_pitch)


def do_update_about(*, session: Session, request: AboutRequest, now: dt.datetime) -> Profile:
    profile = _profile(session, request.user_id)
    profile.first_name, profile.last_name, profile.discipline = request.first_name, request.last_name, request.discipline
    if request.pitch is not None:
        profile.pitch = request.pitch
    _refresh(session, profile, now)
    return profile


def update_about(
    *, session: Session, user_id: int, first_name: str, last_name: str, discipline: str, now: dt.datetime, pitch: str | None = None
) -> Profile:
    request = check_update_about(
        session=session, user_id=user_id, first_name=first_name, last_name=last_name, discipline=discipline, pitch=pitch
    )
    return do_update_about(session=session, request=request, now=now)


# --- creator or recruit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRequest:
    user_id: int
    status: str
    preference: str


def check_set_status(*, session: Session, user_id: int, status: str, preference: str) -> StatusRequest:
    """Switch between creator and recruit. Creators need a project and a collaboration preference."""
    require_text(status=status, preference=preference)
    errors = Collector()
    new_status = errors.check("status", rules.check_status, status)
    pref = ""
    if preference or new_status == "creator":
        pref = errors.check("preference", rules.check_preference, preference) or ""
    errors.raise_if_any()
    _require_account(session, user_id)
    if new_status == "creator":
        projects = list_projects(session=session, user_id=user_id)
        facts = rules.ProfileFacts(projects=tuple(p.title for p in projects), preference=pref)
        missing = rules.creator_requirements_missing(facts)
        if missing:
            raise ValidationFailed(status="To become a creator, first add " + " and ".join(missing) + ".")
    return StatusRequest(user_id, new_status, pref)


def do_set_status(*, session: Session, request: StatusRequest, now: dt.datetime) -> Profile:
    profile = _profile(session, request.user_id)
    profile.status, profile.preference = request.status, request.preference
    _refresh(session, profile, now)
    return profile


def set_status(*, session: Session, user_id: int, status: str, preference: str, now: dt.datetime) -> Profile:
    request = check_set_status(session=session, user_id=user_id, status=status, preference=preference)
    return do_set_status(session=session, request=request, now=now)


# --- city --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityRequest:
    user_id: int
    city_id: int  # a gazetteer id


def check_set_city(*, session: Session, user_id: int, city_id: int | None, city_text: str) -> CityRequest:
    """A picked gazetteer id, or text that names exactly one known city."""
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
    _require_account(session, user_id)
    return CityRequest(user_id, city.id)


def do_set_city(*, session: Session, request: CityRequest, now: dt.datetime) -> Profile:
    city = gazetteer().get(request.city_id)
    assert city is not None
    profile = _profile(session, request.user_id)
    profile.city_id, profile.city_name, profile.city_country = city.id, city.label, city.country
    profile.city_lat, profile.city_lon, profile.city_timezone = city.lat, city.lon, city.timezone
    _refresh(session, profile, now)
    return profile


def set_city(*, session: Session, user_id: int, city_id: int | None, city_text: str, now: dt.datetime) -> Profile:
    return do_set_city(session=session, request=check_set_city(session=session, user_id=user_id, city_id=city_id, city_text=city_text), now=now)


# --- links -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinksRequest:
    user_id: int
    github_url: str
    linkedin_url: str
    portfolio_url: str


def check_update_links(*, session: Session, user_id: int, github_url: str, linkedin_url: str, portfolio_url: str) -> LinksRequest:
    require_text(github_url=github_url, linkedin_url=linkedin_url, portfolio_url=portfolio_url)
    errors = Collector()
    gh = errors.check("github_url", rules.check_link, github_url, "github_url")
    li = errors.check("linkedin_url", rules.check_link, linkedin_url, "linkedin_url")
    pf = errors.check("portfolio_url", rules.check_link, portfolio_url, "portfolio_url")
    errors.raise_if_any()
    _require_account(session, user_id)
    return LinksRequest(user_id, gh, li, pf)


def do_update_links(*, session: Session, request: LinksRequest, now: dt.datetime) -> Profile:
    profile = _profile(session, request.user_id)
    profile.github_url, profile.linkedin_url, profile.portfolio_url = request.github_url, request.linkedin_url, request.portfolio_url
    _refresh(session, profile, now)
    return profile


def update_links(
    *, session: Session, user_id: int, github_url: str, linkedin_url: str, portfolio_url: str, now: dt.datetime
) -> Profile:
    request = check_update_links(session=session, user_id=user_id, github_url=github_url, linkedin_url=linkedin_url, portfolio_url=portfolio_url)
    return do_update_links(session=session, request=request, now=now)


# --- skills ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRequest:
    user_id: int
    key: str
    name: str
    proficiency: str


def check_add_skill(*, session: Session, user_id: int, name: str, proficiency: str) -> SkillRequest:
    require_text(skill=name, proficiency=proficiency)
    errors = Collector()
    clean = errors.check("skill", rules.normalize_skill, name)
    level = errors.check("proficiency", rules.check_proficiency, proficiency)
    errors.raise_if_any()
    _require_account(session, user_id)
    skills = list_skills(session=session, user_id=user_id)
    key = rules.skill_key(clean)
    if all(s.key != key for s in skills) and len(skills) >= rules.MAX_SKILLS:
        raise ValidationFailed(skill=f"You can list at most {rules.MAX_SKILLS} skills.")
    return SkillRequest(user_id, key, clean, level)


def do_add_skill(*, session: Session, request: SkillRequest, now: dt.datetime) -> Skill:
    """Add the skill, or update the level of the one with the same key."""
    profile = _profile(session, request.user_id)
    existing = next((s for s in list_skills(session=session, user_id=request.user_id) if s.key == request.key), None)
    skill = existing or Skill(user_id=request.user_id, key=request.key, name=request.name)
    skill.name, skill.proficiency = request.name, request.proficiency
    session.add(skill)
    _refresh(session, profile, now)
    return skill


def add_skill(*, session: Session, user_id: int, name: str, proficiency: str, now: dt.datetime) -> Skill:
    return do_add_skill(session=session, request=check_add_skill(session=session, user_id=user_id, name=name, proficiency=proficiency), now=now)


def do_remove_skill(*, session: Session, user_id: int, skill_id: int, now: dt.datetime) -> None:
    """Remove one of the caller's skills (an id that is not theirs removes nothing)."""
    session.execute(sa.delete(Skill).where(Skill.id == skill_id, Skill.user_id == user_id))
    _refresh(session, _profile(session, user_id), now)


# --- projects ----------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ProjectRequest:
    user_id: int
    project_id: int | None  # None: a new project
    title: str
    description: str
    skills_wanted: tuple[str, ...]


def check_save_project(
    *,
    session: Session,
    user_id: int,
    title: str,
    description: str,
    skills_wanted: str | list[str],
    project_id: int | None = None,
) -> ProjectRequest:
    """A new project, or an update of one of the caller's own projects when `project_id` is given."""
    clean_title, clean_desc, wanted = _check_project_fields(title, description, skills_wanted)
    _require_account(session, user_id)
    if project_id:
        project = session.get(Project, project_id)
        if project is None or project.user_id != user_id:
            raise ValidationFailed(project_title="That project does not exist.")
    elif len(list_projects(session=session, user_id=user_id)) >= rules.MAX_PROJECTS:
        raise ValidationFailed(project_title=f"You can list at most {rules.MAX_PROJECTS} projects.")
    return ProjectRequest(user_id, project_id or None, clean_title, clean_desc, tuple(wanted))


def do_save_project(*, session: Session, request: ProjectRequest, now: dt.datetime) -> Project:
    project = session.get(Project, request.project_id) if request.project_id else None
    if project is None:
        project = Project(user_id=request.user_id, title=request.title, created_at=now)
    project.title, project.description, project.skills_wanted = request.title, request.description, list(request.skills_wanted)
    project.updated_at = now
    session.add(project)
    _refresh(session, _profile(session, request.user_id), now)
    return project


def save_project(
    *,
    session: Session,
    user_id: int,
    title: str,
    description: str,
    skills_wanted: str | list[str],
    now: dt.datetime,
    project_id: int | None = None,
) -> Project:
    request = check_save_project(
        session=session, user_id=user_id, title=title, description=description, skills_wanted=skills_wanted, project_id=project_id
    )
    return do_save_project(session=session, request=request, now=now)


@dataclass(frozen=True)
class RemoveProjectRequest:
    user_id: int
    project_id: int


def check_remove_project(*, session: Session, user_id: int, project_id: int) -> RemoveProjectRequest:
    _require_account(session, user_id)
    profile = session.get(Profile, user_id)
    projects = list_projects(session=session, user_id=user_id)
    if not any(p.id == project_id for p in projects):
        raise ValidationFailed(project_title="That project does not exist.")
    if profile is not None and profile.status == "creator" and len(projects) == 1:
        raise ValidationFailed(
            project_title="Creators need at least one current project. Add another first, or switch to recruit."
        )
    return RemoveProjectRequest(user_id, project_id)


def do_remove_project(*, session: Session, request: RemoveProjectRequest, now: dt.datetime) -> None:
    session.execute(sa.delete(Project).where(Project.id == request.project_id, Project.user_id == request.user_id))
    _refresh(session, _profile(session, request.user_id), now)


def remove_project(*, session: Session, user_id: int, project_id: int, now: dt.datetime) -> None:
    do_remove_project(session=session, request=check_remove_project(session=session, user_id=user_id, project_id=project_id), now=now)


# --- photo -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AvatarRequest:
    user_id: int
    image: bytes  # decoded, checked and re-encoded: no metadata from the upload survives


def check_set_avatar(*, session: Session, user_id: int, data: bytes) -> AvatarRequest:
    image = media.process_avatar(data)
    _require_account(session, user_id)
    return AvatarRequest(user_id, image)


def do_set_avatar(*, session: Session, request: AvatarRequest, now: dt.datetime) -> Profile:
    """Store the photo; the previous file goes once the change has committed."""
    profile = _profile(session, request.user_id)
    old = profile.avatar_file
    profile.avatar_file = media.store_avatar(request.image)
    _refresh(session, profile, now)
    if old:
        call_after_commit(session, lambda: media.remove_avatar_file(old))
    return profile


def set_avatar(*, session: Session, user_id: int, data: bytes, now: dt.datetime) -> Profile:
    return do_set_avatar(session=session, request=check_set_avatar(session=session, user_id=user_id, data=data), now=now)


def do_remove_avatar(*, session: Session, user_id: int, now: dt.datetime) -> None:
    profile = _profile(session, user_id)
    old, profile.avatar_file = profile.avatar_file, None
    _refresh(session, profile, now)
    if old:
        call_after_commit(session, lambda: media.remove_avatar_file(old))
