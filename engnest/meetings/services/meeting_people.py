"""How the other person of a meeting is shown: anonymised (discipline, approximate city and point) to
strangers, in full (name, pitch, skills, their own city and its point) once they are collaborators (a meeting
was accepted). Everything a page, notification, email or .ics says about the other person comes from here, so
a stranger's exact town never leaves the server. Reads only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col

from engnest.accounts.models import User
from engnest.network.services import relations, visibility
from engnest.platform.domain.geo import LatLon
from engnest.platform.places.approximate import approximate_place, approximate_point
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.models import Profile
from engnest.profiles.services import profiles


@dataclass(frozen=True)
class PersonSummary:
    user_id: int
    full: bool
    name: str  # '' unless full
    discipline: str
    city: str  # their city for collaborators; the approximate place ('near New York City, …') otherwise
    timezone: str
    pitch: str = ""
    skills: tuple[str, ...] = field(default_factory=tuple)
    home: LatLon | None = None  # their map marker: their city for collaborators, the approximate point otherwise

    @property
    def label(self) -> str:
        """'Ada Lovelace' for collaborators, 'a Mechanical engineer near Yokohama, Japan' otherwise."""
        if self.full and self.name:
            return self.name
        article = "an" if self.discipline[:1].lower() in "aeiou" else "a"
        what = f"{article} {self.discipline} engineer" if self.discipline else "an engineer"
        if not self.city:
            return what
        return f"{what} {self.city}" if self.city.startswith("near ") else f"{what} near {self.city}"

    @property
    def marker_label(self) -> str:
        if self.name:
            return self.name
        return f"Them ({self.city})" if self.city else "Them"


def person_for(*, session: Session, viewer_id: int, person_id: int) -> PersonSummary:
    profile = session.get(Profile, person_id) or Profile(user_id=person_id)
    user = session.get(User, person_id)
    full = visibility.can_see_full_profile(session=session, viewer_id=viewer_id, owner_id=person_id)
    discipline, timezone = DISCIPLINES.get(profile.discipline, ""), user.timezone if user else "UTC"
    if not full:
        return PersonSummary(
            full=False, name="", city=approximate_place(profile.city_id), home=approximate_point(profile.city_id),
            user_id=person_id, discipline=discipline, timezone=timezone,
        )
    skills = tuple(s.name for s in profiles.list_skills(session=session, user_id=person_id))
    name = f"{profile.first_name} {profile.last_name}".strip()
    return PersonSummary(
        full=True, name=name, pitch=profile.pitch, skills=skills, city=profile.city_name,
        home=home_of(session=session, user_id=person_id), user_id=person_id, discipline=discipline, timezone=timezone,
    )


def labels_for(*, session: Session, viewer_id: int, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's `PersonSummary.label` as `person_for` would give it, in two queries however many people
    (a calendar month shows dozens: one `person_for` each was five queries a person)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = session.execute(  # six columns: more than sqlmodel's typed select() takes, the same rows
        sa.select(
            col(Profile.user_id), col(Profile.first_name), col(Profile.last_name), col(Profile.discipline), col(Profile.city_id),
            col(Profile.city_name),
        )
        .where(col(Profile.user_id).in_(ids))
    ).all()
    found = {row[0]: row for row in rows}
    full = relations.collaborator_ids(session=session, user_id=viewer_id) | {viewer_id}
    labels = {}
    for pid in ids:
        _, first, last, discipline, city_id, city_name = found.get(pid) or (pid, "", "", "", None, "")
        seen_in_full = pid in full
        labels[pid] = PersonSummary(
            user_id=pid, full=seen_in_full, name=f"{first} {last}".strip() if seen_in_full else "", discipline=DISCIPLINES.get(discipline, ""),
            city=city_name if seen_in_full else approximate_place(city_id), timezone="",
        ).label
    return labels


def home_of(*, session: Session, user_id: int) -> LatLon | None:
    """Where a person starts from for in-person meetings: their profile city (server side only: fair spots
    need it; what the other person sees of it is `PersonSummary.home`)."""
    profile = session.get(Profile, user_id)
    if profile is None or profile.city_lat is None or profile.city_lon is None:
        return None
    return LatLon(profile.city_lat, profile.city_lon)
