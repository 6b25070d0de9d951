"""Distances (bounding box never misses a point within range), rough labels, reliability and last seen."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.platform.domain import geo
from engnest.platform.domain.people import last_seen_label, reliability_label

UTC = dt.timezone.utc


@given(
    lat=st.floats(-85, 85), lon=st.floats(-180, 180), km=st.floats(1, 3000),
    bearing_lat=st.floats(-1, 1), bearing_lon=st.floats(-1, 1), frac=st.floats(0, 0.999),
)
def test_the_bounding_box_contains_every_point_within_the_radius(lat, lon, km, bearing_lat, bearing_lon, frac):
    from geopy.distance import geodesic

    bearing = (dt.timedelta(0).total_seconds() + 360 * (bearing_lat + 1) / 2) % 360
    point = geodesic(kilometers=km * frac).destination((lat, lon), bearing)
    assert geo.bounding_box(lat, lon, km).contains(point.latitude, point.longitude)


def test_the_box_wraps_around_the_antimeridian():
    box = geo.bounding_box(-17.7, 178.0, 500)  # Fiji
    assert len(box.lon_ranges) == 2
    assert box.contains(-17.7, -179.5)


def test_geodesic_distance_london_to_reading():
    assert geo.distance_km((51.5074, -0.1278), (51.4543, -0.9781)) == pytest.approx(59, abs=1.5)


@pytest.mark.parametrize("km,label", [(3, "under 10 km away"), (44, "about 40 km away"), (260, "about 250 km away"), (9618, "about 9,600 km away"), (None, "")])
def test_distances_are_shown_roughly(km, label):
    assert geo.distance_label(km) == label


def test_reliability_label():
    assert reliability_label(None) == "New member"
    assert reliability_label(0.923) == "92% reliable"
    assert reliability_label(1.7) == "100% reliable"


NOW = dt.datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Europe/London springs forward


def test_last_seen_is_relative_then_in_the_viewers_timezone():
    assert last_seen_label(NOW - dt.timedelta(seconds=20), NOW, "Europe/London") == "last seen just now"
    assert last_seen_label(NOW - dt.timedelta(minutes=5), NOW, "Europe/London") == "last seen 5 minutes ago"
    # 00:30 UTC is 00:30 GMT (before the 01:00 jump); 11:00 UTC is 12:00 BST.
    assert last_seen_label(dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), NOW, "Europe/London") == "last seen today at 00:30"
    assert last_seen_label(dt.datetime(2026, 3, 29, 10, 0, tzinfo=UTC), NOW, "Europe/London") == "last seen today at 11:00"
    assert last_seen_label(dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), NOW, "Asia/Tokyo") == "last seen today at 08:30"
    assert last_seen_label(dt.datetime(2026, 3, 28, 10, 0, tzinfo=UTC), NOW, "Europe/London") == "last seen yesterday at 10:00"
    assert last_seen_label(dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC), NOW, "Europe/London") == "last seen on 1 Mar 2026"
    assert last_seen_label(None, NOW, "UTC") == ""


@given(
    lat=st.floats(-80, 80), lon=st.floats(-179, 179), km=st.floats(5, 2000),
    points=st.lists(st.tuples(st.floats(-89, 89), st.floats(-180, 180)), min_size=1, max_size=30),
)
def test_within_km_agrees_with_the_geodesic(lat, lon, km, points):
    labelled = [(plat, plon, i) for i, (plat, plon) in enumerate(points)]
    expected = {i for plat, plon, i in labelled if geo.distance_km((lat, lon), (plat, plon)) <= km}
    assert geo.within_km(lat, lon, labelled, km) == expected


def test_haversine_is_within_half_a_percent_of_the_geodesic():
    for a, b in (((51.5, -0.12), (35.68, 139.69)), ((-33.87, 151.21), (40.71, -74.0)), ((0, 0), (0.5, 0.5))):
        assert geo.haversine_km(*a, *b) == pytest.approx(geo.distance_km(a, b), rel=0.005)
