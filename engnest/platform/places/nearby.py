"""Which cities are within a radius of a point: the gazetteer's cities sorted by latitude, a bounding box
cut by bisection, then the geodesic (`domain.geo.within_km`). Cached per (point, radius).

Every profile's city comes from the gazetteer (services.profiles.set_city), so this is exactly the
set of cities people can live in."""

from __future__ import annotations

import bisect
import functools

from engnest.platform.domain import geo
from engnest.platform.places.gazetteer import gazetteer


@functools.cache
def _by_latitude() -> tuple[list[float], list[tuple[float, float, int]]]:
    g = gazetteer()
    points = sorted((c.lat, c.lon, c.id) for c in g.in_countries(set(g.countries)))
    return [p[0] for p in points], points


@functools.lru_cache(maxsize=4096)
def city_ids_within(lat: float, lon: float, km: float) -> frozenset[int]:
    lats, points = _by_latitude()
    box = geo.bounding_box(lat, lon, km)
    lo, hi = bisect.bisect_left(lats, box.min_lat), bisect.bisect_right(lats, box.max_lat)
    return frozenset(geo.within_km(lat, lon, points[lo:hi], km))
