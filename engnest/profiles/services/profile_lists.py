"""Profile edits of lists and files: skills with a level, the photo, and the copy of the person's current
projects that the projects feature hands over (profiles never edit projects themselves)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col

from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import require_text
from engnest.platform.events import call_after_commit
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.current_projects import CurrentProject, to_stored
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import media
from engnest.profiles.services.profile_store import get_profile, list_skills, refresh_profile, require_account

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
    require_account(session, user_id)
    skills = list_skills(session=session, user_id=user_id)
    key = rules.skill_key(clean)
    if all(s.key != key for s in skills) and len(skills) >= rules.MAX_SKILLS:
        raise ValidationFailed(skill=f"You can list at most {rules.MAX_SKILLS} skills.")
    return SkillRequest(user_id, key, clean, level)


def do_add_skill(*, session: Session, request: SkillRequest, now: dt.datetime) -> Skill:
    """Add the skill, or update the level of the one with the same key."""
    profile = get_profile(session, request.user_id)
    existing = next((s for s in list_skills(session=session, user_id=request.user_id) if s.key == request.key), None)
    skill = existing or Skill(user_id=request.user_id, key=request.key, name=request.name)
    skill.name, skill.proficiency = request.name, request.proficiency
    session.add(skill)
    refresh_profile(session, profile, now)
    return skill


def add_skill(*, session: Session, user_id: int, name: str, proficiency: str, now: dt.datetime) -> Skill:
    return do_add_skill(session=session, request=check_add_skill(session=session, user_id=user_id, name=name, proficiency=proficiency), now=now)


def do_remove_skill(*, session: Session, user_id: int, skill_id: int, now: dt.datetime) -> None:
    """Remove one of the caller's skills (an id that is not theirs removes nothing)."""
    session.execute(sa.delete(Skill).where(col(Skill.id) == skill_id, col(Skill.user_id) == user_id))
    refresh_profile(session, get_profile(session, user_id), now)


# --- photo -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AvatarRequest:
    user_id: int
    image: bytes  # decoded, checked and re-encoded: no metadata from the upload survives


def check_set_avatar(*, session: Session, user_id: int, data: bytes) -> AvatarRequest:
    image = media.process_avatar(data)
    require_account(session, user_id)
    return AvatarRequest(user_id, image)


def do_set_avatar(*, session: Session, request: AvatarRequest, now: dt.datetime) -> Profile:
    """Store the photo; the previous file goes once the change has committed."""
    profile = get_profile(session, request.user_id)
    old = profile.avatar_file
    profile.avatar_file = media.store_avatar(request.image)
    refresh_profile(session, profile, now)
    if old:
        call_after_commit(session, lambda: media.remove_avatar_file(old))
    return profile


def set_avatar(*, session: Session, user_id: int, data: bytes, now: dt.datetime) -> Profile:
    return do_set_avatar(session=session, request=check_set_avatar(session=session, user_id=user_id, data=data), now=now)


def do_remove_avatar(*, session: Session, user_id: int, now: dt.datetime) -> None:
    profile = get_profile(session, user_id)
    old, profile.avatar_file = profile.avatar_file, None
    refresh_profile(session, profile, now)
    if old:
        call_after_commit(session, lambda: media.remove_avatar_file(old))


# --- current projects (written by engnest.projects) ------------------------------------------------


def do_set_current_projects(*, session: Session, user_id: int, projects: Iterable[CurrentProject], now: dt.datetime) -> Profile | None:
    """Store the person's current projects as the projects feature lists them (newest first) and refresh
    completeness and the search document. A person without a profile row (a deleted account) is skipped."""
    profile = session.get(Profile, user_id)
    if profile is None:
        return None
    stored = to_stored(projects)
    profile.current_projects, profile.project_count = stored, len(stored)
    refresh_profile(session, profile, now)
    return profile
