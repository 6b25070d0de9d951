"""A city as strangers see it: big cities by name, smaller towns as "near <big city>" or their region,
so a profile cannot be pinned to a small town.

The approximate point (a stranger's map marker) depends on the approximate label only — the big city's own
coordinates, or the centre of a region's cities — so it says nothing more than the label does.
"""

from __future__ import annotations

import functools
import math

from engnest.platform.domain import geo
from engnest.platform.places.gazetteer import City, gazetteer

BIG_CITY = 300_000
NEAR_KM = 100.0


@functools.cache
def _big_cities(country: str) -> tuple[City, ...]:
    return tuple(gazetteer().in_countries({country}, min_population=BIG_CITY))


@functools.cache
def _centre_of(country: str, region: str) -> geo.LatLon | None:
    """The mean position of a region's cities (of the country's when `region` is ''), on the sphere."""
    cities = [c for c in gazetteer().in_countries({country}) if not region or c.region == region]
    if not cities:
        return None
    x = y = z = 0.0
    for c in cities:
        lat, lon = math.radians(c.lat), math.radians(c.lon)
        x, y, z = x + math.cos(lat) * math.cos(lon), y + math.cos(lat) * math.sin(lon), z + math.sin(lat)
    lat, lon = math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
    return geo.LatLon(round(lat, 4), round(lon, 4))


@functools.lru_cache(maxsize=50_000)
def _approximate(city_id: int | None) -> tuple[str, geo.LatLon | None]:
    """(label, the point that stands for it)."""
    city = gazetteer().get(city_id)
    if city is None:
        return "", None
    if city.population >= BIG_CITY:
        return f"{city.name}, {city.country_name}", geo.LatLon(city.lat, city.lon)
    box = geo.bounding_box(city.lat, city.lon, NEAR_KM)
    nearest, best = None, NEAR_KM
    for big in _big_cities(city.country):
        if box.contains(big.lat, big.lon):
            km = geo.distance_km((city.lat, city.lon), (big.lat, big.lon))
            if km <= best:
                nearest, best = big, km
    if nearest is not None:
        return f"near {nearest.name}, {nearest.country_name}", geo.LatLon(nearest.lat, nearest.lon)
    if city.region:
        return f"{city.region}, {city.country_name}", _centre_of(city.country, city.region)
    return city.country_name, _centre_of(city.country, "")


def approximate_place(city_id: int | None) -> str:
    return _approximate(city_id)[0]


def approximate_point(city_id: int | None) -> geo.LatLon | None:
    """Where a stranger's map shows this city: the point of its approximate label, never the city itself
    (unless it is a big city, named anyway)."""
    return _approximate(city_id)[1]
