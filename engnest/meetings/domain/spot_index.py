"""Meeting places and a spatial index over them: the places sorted by latitude, searched with numpy.

A radius query bisects the latitude band of its circle, keeps the band's places in the circle's longitude
range (`geo.chord_box`, exact on the unit sphere), then those within the circle's chord in unit-sphere
coordinates: the same set a k-d tree's ball query returns, and faster at these sizes (`bench/spot_index.py`:
26,681 real places and 100,000), without scipy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from engnest.platform.domain import geo

KINDS: dict[str, str] = {"cafe": "Café", "library": "Library", "coworking": "Coworking space"}
KIND_PLURALS: dict[str, str] = {"cafe": "cafés", "library": "libraries", "coworking": "coworking spaces"}
_KIND_CODES: dict[str, int] = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    city: str = ""
    country: str = ""
    source: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


class SpotIndex:
    """Immutable after construction; safe to share between threads."""

    def __init__(self, places: Iterable[Place]) -> None:
        rows = [p for p in places if p.kind in KINDS]
        self._places: list[Place] = rows
        self._by_id = {p.id: i for i, p in enumerate(rows)}
        self.lats = np.array([p.lat for p in rows], dtype=float)
        self.lons = np.array([p.lon for p in rows], dtype=float)
        self.xyz = geo.unit_xyz(self.lats, self.lons) if rows else np.zeros((0, 3))
        self.kind_codes = np.array([_KIND_CODES[p.kind] for p in rows], dtype=int)
        # The same columns sorted by latitude (stable, so equal latitudes keep their input order).
        self._order = np.argsort(self.lats, kind="stable")
        self._by_lat = self.lats[self._order]
        self._lons_by_lat = (self.lons[self._order] + 180.0) % 360.0 - 180.0  # as geo.normalize_lon
        self._xyz_by_lat = self.xyz[self._order]
        self._kinds_by_lat = self.kind_codes[self._order]
        self._present = {p.kind for p in rows}

    def __len__(self) -> int:
        return len(self._places)

    def place(self, i: int) -> Place:
        return self._places[int(i)]

    def get(self, place_id: str) -> Place | None:
        i = self._by_id.get(place_id)
        return None if i is None else self._places[i]

    def kinds_present(self) -> set[str]:
        return set(self._present)

    def within(self, center: geo.LatLon, radius_km: float, kinds: Sequence[str] | None = None) -> np.ndarray:
        """Indices of places of `kinds` (all kinds if None) within `radius_km` of `center` (a superset by
        at most 0.6 % of the radius; callers measure exact distances)."""
        wanted = self._present if kinds is None else self._present.intersection(kinds)
        if not wanted:
            return np.zeros(0, dtype=int)
        lat, lon = float(center[0]), geo.normalize_lon(center[1])
        chord = geo.chord_for_km(radius_km)
        box = geo.chord_box(lat, lon, chord)
        lo = int(self._by_lat.searchsorted(box.min_lat, side="left"))
        hi = int(self._by_lat.searchsorted(box.max_lat, side="right"))
        if hi <= lo:
            return np.zeros(0, dtype=int)
        if len(box.lon_ranges) == 1:
            west, east = box.lon_ranges[0]
            lons = self._lons_by_lat[lo:hi]
            band = np.arange(lo, hi) if west <= -180.0 and east >= 180.0 else np.flatnonzero((lons >= west) & (lons <= east)) + lo
        else:
            lons = self._lons_by_lat[lo:hi]
            (w1, e1), (w2, e2) = box.lon_ranges
            band = np.flatnonzero(((lons >= w1) & (lons <= e1)) | ((lons >= w2) & (lons <= e2))) + lo
        if len(wanted) < len(self._present):
            band = band[np.isin(self._kinds_by_lat[band], [_KIND_CODES[k] for k in wanted])]
        phi, lam = math.radians(lat), math.radians(lon)  # geo.unit_xyz of the centre, without arrays
        offset = self._xyz_by_lat[band] - (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
        found: np.ndarray = self._order[band[np.einsum("ij,ij->i", offset, offset) <= chord * chord]]
        return found
