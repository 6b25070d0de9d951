"""Meeting places and a spatial index over them (one k-d tree per kind, on unit-sphere coordinates)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from engnest.platform.domain import geo

KINDS: dict[str, str] = {"cafe": "Café", "library": "Library", "coworking": "Coworking space"}
KIND_PLURALS: dict[str, str] = {"cafe": "cafés", "library": "libraries", "coworking": "coworking spaces"}


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
        kinds = np.array([p.kind for p in rows], dtype=object)
        codes = {k: i for i, k in enumerate(KINDS)}
        self.kind_codes = np.array([codes[p.kind] for p in rows], dtype=int)
        self._trees: dict[str, tuple[cKDTree, np.ndarray]] = {}
        for kind in KINDS:
            members = np.flatnonzero(kinds == kind) if rows else np.zeros(0, dtype=int)
            if len(members):
                self._trees[kind] = (cKDTree(self.xyz[members]), members)

    def __len__(self) -> int:
        return len(self._places)

    def place(self, i: int) -> Place:
        return self._places[int(i)]

    def get(self, place_id: str) -> Place | None:
        i = self._by_id.get(place_id)
        return None if i is None else self._places[i]

    def kinds_present(self) -> set[str]:
        return set(self._trees)

    def within(self, center: geo.LatLon, radius_km: float, kinds: Sequence[str] | None = None) -> np.ndarray:
        """Indices of places of `kinds` (all kinds if None) within `radius_km` of `center` (a superset by
        at most 0.6 % of the radius; callers measure exact distances)."""
        point = geo.unit_xyz(np.array([center[0]]), np.array([center[1]]))[0]
        chord = geo.chord_for_km(radius_km)
        found: list[np.ndarray] = []
        for kind in kinds if kinds is not None else KINDS:
            entry = self._trees.get(kind)
            if entry is None:
                continue
            tree, members = entry
            hits = tree.query_ball_point(point, chord)
            if hits:
                found.append(members[np.asarray(hits, dtype=int)])
        if not found:
            return np.zeros(0, dtype=int)
        return np.concatenate(found)
