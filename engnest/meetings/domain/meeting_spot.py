"""A fair halfway meeting spot for two people (pure: no I/O, no clock).

1. The geodesic midpoint of the two people.
2. Candidates from the spatial index within a radius around it that doubles until enough are found *and*
   no place outside the radius could rank among the top ones (a lower bound on the longer trip from outside
   the radius, see `geo.longer_trip_lower_bound_km`), so the index returns the same top spots as scoring
   every place would.
3. Ranked by fairness — `longest_weight * longer trip + gap_weight * |difference between the trips|`,
   measured in steps of `fairness_step_km` — then kind preference, then closeness to the midpoint.

Symmetric in the two people: the pair is put in a canonical order before anything is computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engnest.meetings.domain.spot_index import KIND_PLURALS, KINDS, Place, SpotIndex
from engnest.platform.domain import geo
from engnest.platform.domain.errors import ValidationFailed

TRAVEL_MODES: dict[str, str] = {"walk": "Walking", "transit": "Public transport", "drive": "Driving"}


@dataclass(frozen=True)
class SpotRules:
    longest_weight: float = 1.0
    gap_weight: float = 0.5
    fairness_step_km: float = 0.1
    max_apart_km: float = 300.0
    start_radius_km: float = 1.0
    max_radius_km: float = 200.0
    wanted: int = 5
    near_slack_km: float = 15.0
    kind_preference: tuple[str, ...] = ("cafe", "coworking", "library")
    detour_factor: float = 1.3  # roads and paths are longer than the straight line
    walk_kmh: float = 4.8
    transit_kmh: float = 25.0
    transit_wait_minutes: float = 8.0
    drive_kmh: float = 32.0
    drive_park_minutes: float = 5.0
    # Past the first `local_route_km` of a trip, trains and main roads are faster than buses and streets
    # (40 km by public transport is about an hour and a quarter, not two hours).
    local_route_km: float = 10.0
    transit_long_kmh: float = 60.0
    drive_long_kmh: float = 70.0


@dataclass(frozen=True)
class Spot:
    place: Place
    km_a: float
    km_b: float
    fairness: float
    from_center_km: float

    def swapped(self) -> Spot:
        return Spot(self.place, self.km_b, self.km_a, self.fairness, self.from_center_km)


@dataclass(frozen=True)
class Proposal:
    apart_km: float
    midpoint: geo.LatLon | None
    spots: tuple[Spot, ...]
    problem: str | None  # None | "too_far" | "none" | "few"
    radius_km: float = 0.0


def fairness_score(km_a: float, km_b: float, rules: SpotRules) -> float:
    return rules.longest_weight * max(km_a, km_b) + rules.gap_weight * abs(km_a - km_b)


def fairness(km_a: float, km_b: float, rules: SpotRules) -> float:
    """The fairness measure (lower is fairer), in whole steps of `fairness_step_km`."""
    step = rules.fairness_step_km
    return float(np.round(np.floor(fairness_score(km_a, km_b, rules) / step + 0.5) * step, 6))


def max_trip_km(apart_km: float, rules: SpotRules) -> float:
    """The longest trip a proposed spot may ask of either person (farther is 'far from both'); a millimetre
    of tolerance so a place exactly at one person's home is not in or out by floating-point noise."""
    return max(apart_km, apart_km / 2 + rules.near_slack_km) + 1e-6


def travel_minutes(km: float, mode: str, rules: SpotRules) -> int:
    """A rough door-to-door estimate from the straight-line distance."""
    route_km = km * rules.detour_factor
    local, far = min(route_km, rules.local_route_km), max(0.0, route_km - rules.local_route_km)
    if mode == "walk":
        minutes = route_km / rules.walk_kmh * 60
    elif mode == "transit":
        minutes = (local / rules.transit_kmh + far / rules.transit_long_kmh) * 60 + (rules.transit_wait_minutes if km > 0.8 else 0)
    elif mode == "drive":
        minutes = (local / rules.drive_kmh + far / rules.drive_long_kmh) * 60 + rules.drive_park_minutes
    else:
        raise ValueError(f"unknown travel mode {mode!r}")
    return max(1, round(minutes))


def minutes_text(minutes: int) -> str:
    """'~25 min', '~1 h 14 min', '~2 h'."""
    if minutes < 60:
        return f"~{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"~{hours} h {rest} min" if rest else f"~{hours} h"


def _canonical(a: geo.LatLon, b: geo.LatLon) -> tuple[geo.LatLon, geo.LatLon, bool]:
    return (b, a, True) if (b.lat, b.lon) < (a.lat, a.lon) else (a, b, False)


def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(k for k in KINDS if kinds is None or k in kinds)
    return chosen


def _preference_ranks(rules: SpotRules) -> np.ndarray:
    """Kind code (position in KINDS) -> rank in the preference order (unlisted kinds last)."""
    order = list(rules.kind_preference)
    return np.array([order.index(k) if k in order else len(order) for k in KINDS], dtype=int)


def _shortlist(index: SpotIndex, idx: np.ndarray, a: geo.LatLon, b: geo.LatLon, rules: SpotRules, limit_trip: float, limit: int) -> np.ndarray:
    """Drop candidates that cannot reach the top `limit`, using cheap sphere distances and their error bounds,
    so exact geodesics are computed for a few dozen places instead of thousands."""
    if len(idx) <= 4 * limit:
        return idx
    e = geo.SPHERE_ERROR
    sa, sb = geo.sphere_km(index.xyz[idx], a), geo.sphere_km(index.xyz[idx], b)
    longer, gap, total = np.maximum(sa, sb), np.abs(sa - sb), sa + sb
    maybe_near = longer * (1 - e) <= limit_trip
    surely_near = longer * (1 + e) <= limit_trip
    kept: np.ndarray
    if surely_near.sum() < limit:
        kept = idx[maybe_near]
        return kept
    upper = rules.longest_weight * longer * (1 + e) + rules.gap_weight * (gap + e * total)
    lower = rules.longest_weight * longer * (1 - e) + rules.gap_weight * np.maximum(0.0, gap - e * total)
    kth_upper = np.partition(upper[surely_near], limit - 1)[limit - 1]
    kept = idx[maybe_near & (lower <= kth_upper + rules.fairness_step_km)]
    return kept


def _rank(
    index: SpotIndex, idx: np.ndarray, a: geo.LatLon, b: geo.LatLon, center: geo.LatLon, rules: SpotRules, limit_trip: float, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Score candidates; returns them sorted best first as (indices, km_a, km_b, fairness, from_center)."""
    idx = _shortlist(index, idx, a, b, rules, limit_trip, limit)
    lats, lons = index.lats[idx], index.lons[idx]
    km_a = geo.distances_km(a, lats, lons)
    km_b = geo.distances_km(b, lats, lons)
    near = np.maximum(km_a, km_b) <= limit_trip
    idx, lats, lons, km_a, km_b = idx[near], lats[near], lons[near], km_a[near], km_b[near]
    from_center = geo.distances_km(center, lats, lons)
    step = rules.fairness_step_km
    raw = rules.longest_weight * np.maximum(km_a, km_b) + rules.gap_weight * np.abs(km_a - km_b)
    steps = np.floor(raw / step + 0.5)
    kind_rank = _preference_ranks(rules)[index.kind_codes[idx]]
    order = np.lexsort((idx, from_center, kind_rank, steps))
    return idx[order], km_a[order], km_b[order], np.round(steps[order] * step, 6), from_center[order]


def propose_spots(
    a: geo.LatLon,
    b: geo.LatLon,
    index: SpotIndex,
    *,
    rules: SpotRules = SpotRules(),
    kinds: Sequence[str] | None = None,
    limit: int = 8,
    center: geo.LatLon | None = None,
) -> Proposal:
    """The `limit` fairest spots between a and b (optionally looking around another `center`)."""
    a, b = geo.check_latlon(*a), geo.check_latlon(*b)
    first, second, swapped = _canonical(a, b)
    apart = geo.distance_km(first, second)
    if apart > rules.max_apart_km:
        return Proposal(apart, None, (), "too_far")
    mid = geo.midpoint(first, second)
    around = mid if center is None else geo.check_latlon(*center)
    chosen_kinds = _kinds(kinds)
    limit = max(1, int(limit))
    limit_trip = max_trip_km(apart, rules)
    radius = max(rules.start_radius_km, apart * 0.05)
    while True:
        idx = index.within(around, radius, chosen_kinds)
        ranked = _rank(index, idx, first, second, around, rules, limit_trip, limit)
        bound = geo.longer_trip_lower_bound_km(radius, apart) * rules.longest_weight if center is None else 0.0
        if center is None and bound > limit_trip:
            break  # nothing outside the radius is near enough to both
        if len(ranked[0]) >= limit and (center is not None or bound - rules.fairness_step_km > ranked[3][limit - 1]):
            break
        if radius >= rules.max_radius_km:
            break
        radius = min(radius * 2, rules.max_radius_km)
    order, km_a, km_b, fair, from_center = (arr[:limit] for arr in ranked)
    spots = tuple(
        Spot(index.place(i), float(da), float(db), float(f), float(fc))
        for i, da, db, f, fc in zip(order, km_a, km_b, fair, from_center)
    )
    if swapped:
        spots = tuple(s.swapped() for s in spots)
    problem = "none" if not spots else ("few" if len(spots) < min(limit, rules.wanted) else None)
    return Proposal(apart, mid, spots, problem, radius)


def check_spot(place: Place | None, a: geo.LatLon, b: geo.LatLon, rules: SpotRules = SpotRules()) -> Spot:
    """A spot someone picked or proposed: it must exist and not be far from both people."""
    a, b = geo.check_latlon(*a), geo.check_latlon(*b)
    apart = geo.distance_km(a, b)
    if apart > rules.max_apart_km:
        raise ValidationFailed(spot=too_far_message(apart, rules))
    if place is None:
        raise ValidationFailed(spot="That spot is not in our list of places. Pick one of the proposed spots.")
    here = geo.LatLon(place.lat, place.lon)
    km_a, km_b = geo.distance_km(a, here), geo.distance_km(b, here)
    if max(km_a, km_b) > max_trip_km(apart, rules):
        # No distances in the message: the other person's distance to a spot of one's choosing, asked for
        # a few spots, would give away where they live.
        raise ValidationFailed(spot=f"{place.name} is far from both of you. Pick a spot between you.")
    mid = geo.midpoint(*_canonical(a, b)[:2])
    return Spot(place, km_a, km_b, fairness(km_a, km_b, rules), geo.distance_km(mid, here))


def too_far_message(apart_km: float, rules: SpotRules) -> str:
    rough = round(apart_km / 100) * 100  # rough: the exact gap, with the approximate place, would locate them
    gap = f"about {rough:,} km" if rough > rules.max_apart_km else f"over {rules.max_apart_km:,.0f} km"
    return (
        f"You are {gap} apart — more than the {rules.max_apart_km:,.0f} km we consider "
        "reasonable for an in-person meeting. Meet online instead."
    )


def trip_comparison(mine_km: float, theirs_km: float) -> str:
    """The other person's trip in words, for someone who may not know where they live: a few exact distances
    to known spots would pin their town down, a comparison with one's own trip does not."""
    if abs(theirs_km - mine_km) <= max(2.0, 0.2 * max(mine_km, theirs_km)):
        return "about as far as you"
    return "further than you" if theirs_km > mine_km else "less far than you"


def describe(proposal: Proposal, kinds: Sequence[str] | None, rules: SpotRules) -> str:
    """A plain sentence for the problem of a proposal ('' when there is none)."""
    what = " or ".join(KIND_PLURALS[k] for k in _kinds(kinds)) or "places"
    if proposal.problem == "too_far":
        return too_far_message(proposal.apart_km, rules)
    if proposal.problem == "none":
        return f"We know no {what} between you two. Try another kind of place, or meet online."
    if proposal.problem == "few":
        n = len(proposal.spots)
        return f"Our data has only {n} matching place{'' if n == 1 else 's'} between you two ({what}), so the choice is small."
    return ""
