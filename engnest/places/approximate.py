"""A city as strangers see it: big cities by name, smaller towns as "near <big city>" or their region,
so a profile cannot be pinned to a small town."""

from __future__ import annotations

import functools

from engnest.domain import geo
from engnest.places.gazetteer import City, gazetteer

BIG_CITY = 300_000
NEAR_KM = 100.0


@functools.cache
def _big_cities(country: str) -> tuple[City, ...]:
    return tuple(gazetteer().in_countries({country}, min_population=BIG_CITY))


@functools.lru_cache(maxsize=50_000)
def approximate_place(city_id: int | None) -> str:
    city = gazetteer().get(city_id)
    if city is None:
        return ""
    if city.population >= BIG_CITY:
        return f"{city.name}, {city.country_name}"
    box = geo.bounding_box(city.lat, city.lon, NEAR_KM)
    nearest, best = None, NEAR_KM
    for big in _big_cities(city.country):
        if box.contains(big.lat, big.lon):
            km = geo.distance_km((city.lat, city.lon), (big.lat, big.lon))
            if km <= best:
                nearest, best = big, km
    if nearest is not None:
        return f"near {nearest.name}, {nearest.country_name}"
    return f"{city.region}, {city.country_name}" if city.region else city.country_name
