"""Geodesy on the WGS84 ellipsoid: distances, the geodesic midpoint, unit-sphere coordinates.

Distances and the midpoint are Karney's geodesics, the algorithm behind `geopy.distance.geodesic` (geopy runs
geographiclib); here they run in C through pyproj's `Geod`, which gives the same numbers to well under a
millimetre (tests check 1e-6 km against geopy; `bench/spot_index.py` measures the largest difference, about
1e-5 mm) and computes many distances at once. pyproj stays for speed: geographiclib in pure Python made a
halfway-spot proposal about 9x slower and a page of 20 distances about 60x slower (same benchmark).
Pure functions, no I/O.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from pyproj import Geod

EARTH_MEAN_RADIUS_KM = 6371.0088
# The geodesic distance on WGS84 and the great-circle distance on the mean sphere differ by under 0.6 %.
SPHERE_ERROR = 0.006

_GEOD = Geod(ellps="WGS84")


class LatLon(NamedTuple):
    lat: float
    lon: float


def check_latlon(lat: float, lon: float) -> LatLon:
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90:
        raise ValueError(f"not a coordinate: {lat}, {lon}")
    return LatLon(lat, normalize_lon(lon))


def normalize_lon(lon: float) -> float:
    """Longitude in [-180, 180)."""
    return ((float(lon) + 180.0) % 360.0) - 180.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km (as geopy.distance.geodesic) between two (lat, lon) points (a LatLon or a plain pair)."""
    return float(_GEOD.inv(a[1], a[0], b[1], b[0])[2]) / 1000.0


def distances_km(origin: LatLon, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Geodesic distances in km from `origin` to many points at once (pyproj, vectorised)."""
    n = len(lats)
    if n == 0:
        return np.zeros(0)
    _, _, metres = _GEOD.inv(np.full(n, origin[1]), np.full(n, origin[0]), lons, lats)
    return np.asarray(metres) / 1000.0


def midpoint(a: LatLon, b: LatLon) -> LatLon:
    """The point halfway along the geodesic from a to b (handles the antimeridian and poles)."""
    azimuth, _, metres = _GEOD.inv(a[1], a[0], b[1], b[0])
    if metres == 0:
        return LatLon(a[0], normalize_lon(a[1]))
    lon, lat, _ = _GEOD.fwd(a[1], a[0], azimuth, metres / 2.0)
    return LatLon(lat, normalize_lon(lon))


def sphere_km(points_xyz: np.ndarray, origin: LatLon) -> np.ndarray:
    """Great-circle distances (mean-radius sphere) from `origin` to unit vectors: cheap, and within
    SPHERE_ERROR of the geodesic, so good for bounds and pre-filters."""
    o = unit_xyz(np.array([origin[0]]), np.array([origin[1]]))[0]
    chord = np.linalg.norm(points_xyz - o, axis=1)
    km: np.ndarray = 2.0 * np.arcsin(np.minimum(1.0, chord / 2.0)) * EARTH_MEAN_RADIUS_KM
    return km


def unit_xyz(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (n x 3): straight-line (chord) distance grows with surface distance,
    everywhere, so a radius test on these needs no special case at the antimeridian or the poles."""
    la = np.radians(np.asarray(lats, dtype=float))
    lo = np.radians(np.asarray(lons, dtype=float))
    cos_la = np.cos(la)
    return np.column_stack((cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)))


def chord_for_km(radius_km: float) -> float:
    """Chord length on the unit sphere that contains every point within `radius_km` geodesic (and no
    point outside it is nearer than `radius_km`, because geodesic >= sphere * (1 - SPHERE_ERROR))."""
    angle = min(math.pi, radius_km / (1 - SPHERE_ERROR) / EARTH_MEAN_RADIUS_KM)
    return 2.0 * math.sin(angle / 2.0)


def longer_trip_lower_bound_km(outside_km: float, apart_km: float) -> float:
    """A lower bound on the longer of the two trips to any place at least `outside_km` from the midpoint
    of two people `apart_km` apart.

    On a sphere, for M the midpoint of AB and any P: cos|PA| + cos|PB| = 2 cos|PM| cos(|AB|/2), so the
    longer trip is at least acos(cos|PM| cos(|AB|/2)) (in the plane: sqrt(|PM|^2 + (|AB|/2)^2)). The
    ellipsoid and the geodesic midpoint differ from the sphere by under a percent: the bound is shrunk
    by a safety margin for that.
    """
    r = EARTH_MEAN_RADIUS_KM
    pm = max(0.0, outside_km - 0.01 * apart_km) / r
    half = apart_km / (2 * r)
    if pm >= math.pi or half >= math.pi / 2:
        return max(outside_km - apart_km / 2, apart_km / 2) * (1 - 3 * SPHERE_ERROR)
    spherical = math.acos(max(-1.0, min(1.0, math.cos(pm) * math.cos(half)))) * r
    triangle = outside_km - apart_km / 2  # exact for any metric
    return max(spherical * (1 - 3 * SPHERE_ERROR), triangle)


# --- Search: "within N km of my city" -----------------------------------------------------------------


class BoundingBox(NamedTuple):
    min_lat: float
    max_lat: float
    lon_ranges: tuple[tuple[float, float], ...]  # two ranges when the box crosses the antimeridian

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and any(lo <= lon <= hi for lo, hi in self.lon_ranges)


def bounding_box(lat: float, lon: float, km: float) -> BoundingBox:
    """A lat/lon box containing every point within `km` of (lat, lon)."""
    dlat = km / 110.57  # degrees of latitude are at least 110.57 km
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.9:
        return BoundingBox(min_lat, max_lat, ((-180.0, 180.0),))
    return _lon_box(min_lat, max_lat, lon, km / (111.32 * math.cos(math.radians(widest))))


def _lon_box(min_lat: float, max_lat: float, lon: float, dlon: float) -> BoundingBox:
    """The box lon +- dlon, split in two where it crosses the antimeridian."""
    if dlon >= 180:
        return BoundingBox(min_lat, max_lat, ((-180.0, 180.0),))
    lo, hi = lon - dlon, lon + dlon
    if lo < -180:
        return BoundingBox(min_lat, max_lat, ((lo + 360, 180.0), (-180.0, hi)))
    if hi > 180:
        return BoundingBox(min_lat, max_lat, ((lo, 180.0), (-180.0, hi - 360)))
    return BoundingBox(min_lat, max_lat, ((lo, hi),))


def chord_box(lat: float, lon: float, chord: float) -> BoundingBox:
    """The exact lat/lon box of the points within `chord` of (lat, lon) on the unit sphere (`unit_xyz`): a cap
    of central angle t spans lat +- t and, unless it holds a pole, lon +- asin(sin t / cos lat). Padded by a
    nanodegree so that rounding never drops a point on the edge (callers test the chord exactly)."""
    pad = 1e-9
    angle = math.degrees(2.0 * math.asin(min(1.0, chord / 2.0)))
    min_lat, max_lat = max(-90.0, lat - angle - pad), min(90.0, lat + angle + pad)
    if max_lat >= 90.0 or min_lat <= -90.0:
        return BoundingBox(min_lat, max_lat, ((-180.0, 180.0),))
    ratio = math.sin(math.radians(angle)) / math.cos(math.radians(lat))
    if ratio >= 1.0:
        return BoundingBox(min_lat, max_lat, ((-180.0, 180.0),))
    return _lon_box(min_lat, max_lat, normalize_lon(lon), math.degrees(math.asin(ratio)) + pad)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean sphere (within SPHERE_ERROR of the geodesic): a fast first cut."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_MEAN_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def within_km(lat: float, lon: float, points: list[tuple[float, float, int]], km: float) -> set[int]:
    """Ids of `points` (lat, lon, id) within `km` of (lat, lon) by geodesic distance; the sphere decides
    everything but the band around the radius where the two can disagree."""
    box = bounding_box(lat, lon, km)
    inside = set()
    for plat, plon, pid in points:
        if not box.contains(plat, plon):
            continue
        rough = haversine_km(lat, lon, plat, plon)
        if rough <= km * (1 - SPHERE_ERROR) or (rough <= km * (1 + SPHERE_ERROR) and distance_km((lat, lon), (plat, plon)) <= km):
            inside.add(pid)
    return inside


def distance_label(km: float | None) -> str:
    """Deliberately rough, so a stranger's town cannot be pinned down."""
    if km is None:
        return ""
    if km < 10:
        return "under 10 km away"
    if km < 100:
        return f"about {round(km / 10) * 10} km away"
    if km < 1000:
        return f"about {round(km / 50) * 50} km away"
    return f"about {round(km / 100) * 100:,} km away"
