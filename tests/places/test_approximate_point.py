"""A stranger's map marker (issue 9, §2.3): the point of the approximate label, never the town itself."""

import pytest

from engnest.platform.domain.geo import LatLon
from engnest.platform.places.approximate import approximate_place, approximate_point
from engnest.platform.places.gazetteer import gazetteer


def city(label: str):
    found = gazetteer().resolve(label)
    assert found is not None, label
    return found


def test_a_town_near_a_big_city_is_marked_at_the_big_city():
    newark, new_york = city("Newark, New Jersey, United States"), city("New York City, New York, United States")
    assert approximate_place(newark.id) == "near New York City, United States"
    assert approximate_point(newark.id) == LatLon(new_york.lat, new_york.lon)


def test_a_big_city_is_its_own_point():
    yokohama = city("Yokohama, Japan")
    assert approximate_place(yokohama.id) == "Yokohama, Japan" and approximate_point(yokohama.id) == LatLon(yokohama.lat, yokohama.lon)


@pytest.mark.parametrize("label", ["Burlington, Vermont, United States", "Rutland, Vermont, United States"])
def test_towns_far_from_big_cities_share_their_regions_point(label):
    town = city(label)
    assert approximate_place(town.id) == "Vermont, United States"
    point = approximate_point(town.id)
    assert point != LatLon(town.lat, town.lon)
    assert point == approximate_point(city("Burlington, Vermont, United States").id)  # one point for the whole region
    assert 42.7 < point.lat < 45.1 and -73.5 < point.lon < -71.4  # inside Vermont


def test_no_city_has_no_point():
    assert approximate_place(None) == "" and approximate_point(None) is None
    assert approximate_point(123456789) is None
