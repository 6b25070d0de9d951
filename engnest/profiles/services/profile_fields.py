"""Profile edits of single fields: names, discipline and pitch; creator or recruit; city; links. Each
validates first (check_), writes only the caller's own row (do_) and refreshes the profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from engnest.platform.domain import user_text
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import require_text
from engnest.platform.places.gazetteer import gazetteer
from engnest.profiles.domain import profile as rules
from engnest.profiles.models import Profile
from engnest.profiles.services.profile_store import get_profile, list_projects, refresh_profile, require_account

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
    require_account(session, user_id)
    return AboutRequest(user_id, first, last, disc, clean_pitch)


def do_update_about(*, session: Session, request: AboutRequest, now: dt.datetime) -> Profile:
    profile = get_profile(session, request.user_id)
    profile.first_name, profile.last_name, profile.discipline = request.first_name, request.last_name, request.discipline
    if request.pitch is not None:
        profile.pitch = request.pitch
    refresh_profile(session, profile, now)
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
    require_account(session, user_id)
    if new_status == "creator":
        projects = list_projects(session=session, user_id=user_id)
        facts = rules.ProfileFacts(projects=tuple(p.title for p in projects), preference=pref)
        missing = rules.creator_requirements_missing(facts)
        if missing:
            raise ValidationFailed(status="To become a creator, first add " + " and ".join(missing) + ".")
    return StatusRequest(user_id, new_status, pref)


def do_set_status(*, session: Session, request: StatusRequest, now: dt.datetime) -> Profile:
    profile = get_profile(session, request.user_id)
    profile.status, profile.preference = request.status, request.preference
    refresh_profile(session, profile, now)
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
    require_account(session, user_id)
    return CityRequest(user_id, city.id)


def do_set_city(*, session: Session, request: CityRequest, now: dt.datetime) -> Profile:
    city = gazetteer().get(request.city_id)
    assert city is not None
    profile = get_profile(session, request.user_id)
    profile.city_id, profile.city_name, profile.city_country = city.id, city.label, city.country
    profile.city_lat, profile.city_lon, profile.city_timezone = city.lat, city.lon, city.timezone
    refresh_profile(session, profile, now)
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
    require_account(session, user_id)
    return LinksRequest(user_id, gh, li, pf)


def do_update_links(*, session: Session, request: LinksRequest, now: dt.datetime) -> Profile:
    profile = get_profile(session, request.user_id)
    profile.github_url, profile.linkedin_url, profile.portfolio_url = request.github_url, request.linkedin_url, request.portfolio_url
    refresh_profile(session, profile, now)
    return profile


def update_links(
    *, session: Session, user_id: int, github_url: str, linkedin_url: str, portfolio_url: str, now: dt.datetime
) -> Profile:
    request = check_update_links(session=session, user_id=user_id, github_url=github_url, linkedin_url=linkedin_url, portfolio_url=portfolio_url)
    return do_update_links(session=session, request=request, now=now)
