"""The owner's profile row and the one refresh every edit ends with: completeness, the public texts strangers
read and search, the save limit, and the push to the owner's other tabs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.events import push_after_commit
from engnest.platform.settings import get_settings
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.current_projects import CurrentProject, from_stored
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import anonymise

PROFILE_TOPIC = "profile"

# Called after a profile's public texts were refreshed (inside the same unit of work): features that keep their
# own redacted copies of the owner's text (projects) re-redact them. Registered at start-up (wiring).
RefreshHook = Callable[[Session, Profile], None]
_refresh_hooks: list[RefreshHook] = []


def on_profile_refreshed(hook: RefreshHook) -> None:
    if hook not in _refresh_hooks:
        _refresh_hooks.append(hook)


@dataclass
class OwnerProfile:
    user: User
    profile: Profile
    skills: list[Skill]
    projects: list[CurrentProject]

    @property
    def facts(self) -> rules.ProfileFacts:
        return facts_for(self.profile, self.skills)

    @property
    def checklist(self) -> list[rules.ChecklistItem]:
        return rules.completeness_checklist(self.facts)


def current_projects(profile: Profile) -> list[CurrentProject]:
    return from_stored(profile.current_projects)


def facts_for(profile: Profile, skills: list[Skill]) -> rules.ProfileFacts:
    return rules.ProfileFacts(
        first_name=profile.first_name,
        last_name=profile.last_name,
        pitch=profile.pitch,
        status=profile.status,
        discipline=profile.discipline,
        city_id=profile.city_id,
        skills=tuple(s.name for s in skills),
        projects=tuple(p.title for p in current_projects(profile)),
        preference=profile.preference,
    )


def get_profile(session: Session, user_id: int) -> Profile:
    """The profile row (created if an old account has none)."""
    profile = session.get(Profile, user_id)
    if profile is None:
        if session.get(User, user_id) is None:
            raise ValidationFailed(form="Your account no longer exists.")
        profile = Profile(user_id=user_id)
        session.add(profile)
        session.flush()
    return profile


def require_account(session: Session, user_id: int) -> None:
    if session.get(Profile, user_id) is None and session.get(User, user_id) is None:
        raise ValidationFailed(form="Your account no longer exists.")


def list_skills(*, session: Session, user_id: int) -> list[Skill]:
    return list(session.exec(select(Skill).where(col(Skill.user_id) == user_id).order_by(col(Skill.id))))


def list_projects(*, session: Session, user_id: int) -> list[CurrentProject]:
    profile = session.get(Profile, user_id)
    return current_projects(profile) if profile is not None else []


def load_owner_profile(*, session: Session, user_id: int) -> OwnerProfile:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    profile = get_profile(session, user_id)
    return OwnerProfile(user=user, profile=profile, skills=list_skills(session=session, user_id=user_id), projects=current_projects(profile))


def is_profile_complete(*, session: Session, user_id: int) -> bool:
    """The gate for sending or accepting meeting requests."""
    profile = session.get(Profile, user_id)
    if profile is None:
        return False
    return rules.is_complete(facts_for(profile, list_skills(session=session, user_id=user_id)))


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
        refresh_profile(session, profile, now)


def refresh_profile(session: Session, profile: Profile, now: dt.datetime) -> None:
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
    profile.is_complete = rules.is_complete(facts_for(profile, skills))
    user = session.get(User, profile.user_id)
    anonymise.refresh(profile, skills, current_projects(profile), email=user.email if user else None)
    profile.updated_at = now
    session.add(profile)
    for hook in _refresh_hooks:
        hook(session, profile)
    push_after_commit(session, [profile.user_id], PROFILE_TOPIC)
