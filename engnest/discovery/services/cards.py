"""People as a viewer may see them. Strangers (and friends who are not collaborators) get the anonymised
card: redacted pitch and projects, discipline, skills, approximate place, rough distance, reliability —
never a name, email, link or photo. The owner and collaborators also get `full`.

These dataclasses are what pages put in their state, so nothing else can leak over the websocket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from engnest.discovery.services.search import viewer_origin
from engnest.network.services import friends, relations
from engnest.platform import routes
from engnest.platform.domain import geo
from engnest.platform.domain.people import last_seen_label, reliability_label
from engnest.platform.places.approximate import approximate_place
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES, STATUSES
from engnest.profiles.domain.current_projects import CurrentProject, from_stored
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import anonymise


@dataclass
class Chip:
    name: str
    level: str


@dataclass
class ProjectView:
    title: str
    description: str
    wants: str


@dataclass
class Link:
    label: str
    url: str


@dataclass
class FullProfile:
    """Only for the owner and collaborators."""

    name: str = ""
    avatar_url: str = ""
    pitch: str = ""
    city: str = ""
    links: list[Link] = field(default_factory=list)


@dataclass
class PersonCard:
    user_id: int = 0
    url: str = ""
    headline: str = ""
    status: str = ""
    preference: str = ""
    place: str = ""
    distance: str = ""
    pitch: str = ""
    reliability: str = ""
    skills: list[Chip] = field(default_factory=list)
    projects: list[ProjectView] = field(default_factory=list)
    relation: str = "none"  # none | friends | sent | received | declined
    collaborator: bool = False
    blocked: bool = False  # the viewer blocked this person (person page only)
    online: bool = False
    last_seen: str = ""
    reason: str = ""  # why it is suggested (home page)
    full: FullProfile = field(default_factory=FullProfile)  # empty unless owner or collaborator


def headline(profile: Profile) -> str:
    label = DISCIPLINES.get(profile.discipline, "")
    return f"{label} engineer" if label and label != "Other" else "Engineer"


def _full(profile: Profile) -> FullProfile:
    links = [Link(label, url) for label, url in (("GitHub", profile.github_url), ("LinkedIn", profile.linkedin_url), ("Portfolio", profile.portfolio_url)) if url]
    avatar = routes.avatar_url(profile.user_id, profile.avatar_file.split(".")[0][:8]) if profile.avatar_file else ""
    return FullProfile(
        name=f"{profile.first_name} {profile.last_name}".strip(), avatar_url=avatar, pitch=profile.pitch, city=profile.city_name, links=links
    )


def _card(profile: Profile, skills: list[Skill], projects: list[CurrentProject], km: float | None) -> PersonCard:
    return PersonCard(
        user_id=profile.user_id,
        url=routes.person_url(profile.user_id),
        headline=headline(profile),
        status=STATUSES.get(profile.status, ""),
        preference=PREFERENCES.get(profile.preference, "") if profile.status == "creator" else "",
        place=approximate_place(profile.city_id),
        distance=geo.distance_label(km),
        pitch=anonymise.public_pitch(profile),
        reliability=reliability_label(profile.reliability),
        skills=[Chip(anonymise.redact_name_only(profile, s.name), PROFICIENCIES.get(s.proficiency, "")) for s in skills],
        projects=[
            ProjectView(
                anonymise.redact_for(profile, p.title),
                anonymise.redact_for(profile, p.description),
                ", ".join(anonymise.redact_name_only(profile, w) for w in p.wants),
            )
            for p in projects
        ],
    )


def cards_for(
    *,
    session: Session,
    viewer_id: int,
    ids: list[int],
    distances: dict[int, float] | None = None,
    online: Iterable[int] = (),
    seen: dict[int, float] | None = None,
    now: dt.datetime | None = None,
    viewer_tz: str = "UTC",
) -> list[PersonCard]:
    """Cards for `ids` in that order. `seen` (epoch seconds) is shown only for friends and collaborators."""
    if not ids:
        return []
    profiles = {p.user_id: p for p in session.exec(select(Profile).where(col(Profile.user_id).in_(ids)))}
    skills = list(session.exec(select(Skill).where(col(Skill.user_id).in_(ids)).order_by(col(Skill.id))))
    kinds = friends.relations_for(session=session, viewer_id=viewer_id, ids=ids)
    collaborators = relations.collaborator_ids(session=session, user_id=viewer_id)
    online_ids = set(online)
    out = []
    for user_id in ids:
        profile = profiles.get(user_id)
        if profile is None:
            continue
        card = _card(
            profile,
            [s for s in skills if s.user_id == user_id],
            from_stored(profile.current_projects),
            (distances or {}).get(user_id),
        )
        card.relation = kinds.get(user_id, "none")
        card.collaborator = user_id in collaborators or user_id == viewer_id
        card.online = user_id in online_ids
        if card.collaborator:
            card.full = _full(profile)
        if (card.collaborator or card.relation == "friends") and not card.online and seen and user_id in seen and now:
            card.last_seen = last_seen_label(dt.datetime.fromtimestamp(seen[user_id], dt.timezone.utc), now, viewer_tz)
        out.append(card)
    return out


def person(
    *,
    session: Session,
    viewer_id: int,
    user_id: int,
    online: bool = False,
    seen: float | None = None,
    now: dt.datetime | None = None,
    viewer_tz: str = "UTC",
    as_stranger: bool = False,
) -> PersonCard | None:
    """The person page: None if there is no such complete-or-own profile, or a block stands between them
    (either way, the page just says the profile is not available). `as_stranger` previews one's own card."""
    profile = session.get(Profile, user_id)
    if profile is None or (user_id != viewer_id and not profile.is_complete):
        return None
    if as_stranger:
        return cards_for(session=session, viewer_id=0, ids=[user_id], online=[user_id] if online else [])[0]
    i_blocked = relations.has_blocked(session=session, blocker=viewer_id, blocked=user_id)
    if not i_blocked and relations.is_blocked_between(session=session, a=viewer_id, b=user_id):
        return None
    origin = viewer_origin(session=session, viewer_id=viewer_id)
    km: float | None = None
    if origin and profile.city_lat is not None:
        assert profile.city_lon is not None  # a city has both coordinates
        km = geo.distance_km(geo.LatLon(origin.lat, origin.lon), geo.LatLon(profile.city_lat, profile.city_lon))
    card = cards_for(
        session=session,
        viewer_id=viewer_id,
        ids=[user_id],
        distances={user_id: km} if km is not None and user_id != viewer_id else None,
        online=[user_id] if online else [],
        seen={user_id: seen} if seen else None,
        now=now,
        viewer_tz=viewer_tz,
    )[0]
    card.blocked = i_blocked
    return card
