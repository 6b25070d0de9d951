"""Spot options between the viewer and another person, for the picker (reads only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.meetings.domain import meeting_spot
from engnest.meetings.domain.spot_index import KINDS
from engnest.meetings.places import registry
from engnest.meetings.services.meeting_people import home_of, person_for
from engnest.network.services import relations
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.geo import LatLon


@dataclass(frozen=True)
class SpotOption:
    place_id: str
    name: str
    kind: str
    kind_label: str
    city: str
    lat: float
    lon: float
    my_km: float
    my_minutes: int
    theirs: str  # the other person's trip: km and minutes for collaborators, words for strangers


@dataclass
class SpotOptions:
    spots: list[SpotOption] = field(default_factory=list)
    problem: str = ""  # a sentence for the person, '' when all is well
    coverage_note: str = ""
    attribution: list[str] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)  # map markers {label, lat, lon}: the other one approximate for strangers
    apart_km: float = 0.0
    too_far: bool = False


def trip_label(km: float, minutes: int) -> str:
    return f"{km:.1f} km · {meeting_spot.minutes_text(minutes)}"


def spot_options(
    *,
    session: Session,
    viewer_id: int,
    other_id: int,
    kinds: Sequence[str] | None = None,
    mode: str = "transit",
    near_text: str = "",
    limit: int = 8,
) -> SpotOptions:
    provider = registry.provider()
    rules = registry.spot_rules()
    out = SpotOptions(attribution=provider.attribution())
    if viewer_id == other_id or session.get(User, other_id) is None or relations.is_blocked_between(session=session, a=viewer_id, b=other_id):
        raise ValidationFailed(form="This engineer is not available.")
    me, them = home_of(session=session, user_id=viewer_id), home_of(session=session, user_id=other_id)
    if me is None or them is None:
        out.problem = "Add your city to your profile to see spots between you." if me is None else "They have not set a city, so we cannot find a spot between you. Meet online instead."
        return out
    other = person_for(session=session, viewer_id=viewer_id, person_id=other_id)
    out.people = [{"label": "You", "lat": me.lat, "lon": me.lon}]
    if other.home is not None:  # `them` (exact) only ranks the spots; the marker is what the viewer may know
        out.people.append({"label": other.marker_label, "lat": other.home.lat, "lon": other.home.lon})
    center = None
    if near_text.strip():
        found = registry.geocoder().geocode(near_text.strip()[:200], limit=1)
        if not found:
            out.problem = f"We could not find “{near_text.strip()[:60]}”. Try a city or district name."
            return out
        center = LatLon(found[0].lat, found[0].lon)
    chosen = [k for k in (kinds or []) if k in KINDS] or None
    proposal = provider.propose(me, them, rules=rules, kinds=chosen, limit=limit, center=center)
    out.apart_km, out.too_far = proposal.apart_km, proposal.problem == "too_far"
    mode = mode if mode in meeting_spot.TRAVEL_MODES else "transit"
    out.spots = [
        SpotOption(
            place_id=s.place.id, name=s.place.name, kind=s.place.kind, kind_label=s.place.kind_label, city=s.place.city,
            lat=s.place.lat, lon=s.place.lon, my_km=round(s.km_a, 1), my_minutes=meeting_spot.travel_minutes(s.km_a, mode, rules),
            theirs=trip_label(s.km_b, meeting_spot.travel_minutes(s.km_b, mode, rules)) if other.full else meeting_spot.trip_comparison(s.km_a, s.km_b),
        )
        for s in proposal.spots
    ]
    out.problem = meeting_spot.describe(proposal, chosen, rules)
    if proposal.problem in ("none", "few"):
        out.coverage_note = provider.coverage_note()
    return out
