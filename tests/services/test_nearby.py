"""Cities within a radius come from the gazetteer by geodesic distance."""

from __future__ import annotations

from engnest.platform.places.gazetteer import gazetteer
from engnest.platform.places.nearby import city_ids_within


def test_cities_within_a_radius_of_london():
    g = gazetteer()
    london, reading, birmingham = (g.resolve(n) for n in ("London, United Kingdom", "Reading, United Kingdom", "Birmingham, United Kingdom"))
    near = city_ids_within(london.lat, london.lon, 100.0)
    assert london.id in near and reading.id in near and birmingham.id not in near
    assert birmingham.id in city_ids_within(london.lat, london.lon, 200.0)


def test_the_antimeridian_is_no_barrier():
    g = gazetteer()
    suva = g.search("Suva", limit=1)[0]
    near = city_ids_within(suva.lat, 179.99, 300.0)
    assert suva.id in near
