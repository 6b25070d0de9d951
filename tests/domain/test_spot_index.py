"""The spot index without scipy (issue 11, lighter runtime): a radius query returns exactly the places a ball
query on unit-sphere coordinates returns (what the k-d tree did), everywhere: across the antimeridian, around
the poles, for tiny and half-the-Earth radii, for any set of kinds."""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engnest.meetings.domain.spot_index import KINDS, Place, SpotIndex
from engnest.platform.domain import geo

LATS = st.one_of(st.floats(-90, 90), st.floats(84, 90), st.floats(-90, -84), st.floats(-1, 1))
LONS = st.one_of(st.floats(-180, 180), st.floats(178, 180), st.floats(-180, -178))
KIND_SETS = st.one_of(st.none(), st.lists(st.sampled_from([*KINDS, "pub"]), max_size=3).map(tuple))


@st.composite
def scenes(draw):
    n = draw(st.integers(0, 60))
    places = [Place(f"p{i}", f"Place {i}", draw(st.sampled_from(list(KINDS))), draw(LATS), draw(LONS)) for i in range(n)]
    center = geo.LatLon(draw(LATS), draw(LONS))
    radius = draw(st.sampled_from([0.01, 1.0, 30.0, 400.0, 3000.0, 12000.0, 21000.0]))
    return places, center, radius, draw(KIND_SETS)


def ball(index: SpotIndex, places: list[Place], center: geo.LatLon, radius_km: float, kinds) -> set[int]:
    """The reference: every place of the kinds whose unit-sphere chord to the centre is within the radius's."""
    point = geo.unit_xyz(np.array([center.lat]), np.array([center.lon]))[0]
    chord = geo.chord_for_km(radius_km)
    wanted = set(KINDS if kinds is None else kinds)
    return {i for i, p in enumerate(places) if p.kind in wanted and np.sum((index.xyz[i] - point) ** 2) <= chord * chord}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenes())
def test_a_radius_query_returns_exactly_the_ball_of_the_chord(scene):
    places, center, radius, kinds = scene
    index = SpotIndex(places)
    found = index.within(center, radius, kinds)
    assert sorted(found.tolist()) == sorted(ball(index, places, center, radius, kinds))
    assert len(set(found.tolist())) == len(found)


@settings(max_examples=200, deadline=None)
@given(scenes())
def test_no_place_within_the_radius_by_geodesic_is_missed(scene):
    places, center, radius, _ = scene
    found = set(SpotIndex(places).within(center, radius).tolist())
    for i, p in enumerate(places):
        if geodesic(center, (p.lat, p.lon)).km <= radius:
            assert i in found, (p, center, radius)


def test_places_across_the_antimeridian_and_at_the_pole_are_found():
    places = [
        Place("fiji-east", "East", "cafe", -17.7, 179.99),
        Place("fiji-west", "West", "cafe", -17.7, -179.99),
        Place("pole", "Pole", "library", 90.0, 0.0),
        Place("far", "Far", "cafe", -17.7, 170.0),
    ]
    index = SpotIndex(places)
    assert {index.place(i).id for i in index.within(geo.LatLon(-17.7, 180.0), 5)} == {"fiji-east", "fiji-west"}
    assert {index.place(i).id for i in index.within(geo.LatLon(89.99, -120.0), 5)} == {"pole"}
    assert index.within(geo.LatLon(89.99, -120.0), 5, ("cafe",)).tolist() == []
    assert index.kinds_present() == {"cafe", "library"}
    assert SpotIndex([]).within(geo.LatLon(0, 0), 100).tolist() == []
