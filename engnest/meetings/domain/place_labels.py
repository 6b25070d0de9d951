"""Which town a meeting place is labelled with: the city it lies in, else the nearest town. Pure.

A big city covers an area that grows with its population (about 19 km around the centre of London, 2 km
around a town of 90,000). A place inside one or more such areas takes the biggest of those cities (a library
in Camden is in London); a place outside every area takes the nearest town (Knebworth's library is near
Stevenage, not in London, 40 km away). Nothing within `max_km` leaves the label empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KM_PER_SQRT_THOUSAND = 0.2  # area radius: 0.2 km per sqrt(population / 1000)
MAX_KM = 40.0


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    population: int


def area_radius_km(population: int) -> float:
    return KM_PER_SQRT_THOUSAND * math.sqrt(max(population, 0) / 1000)


class TownLabeller:
    """Labels many places against one list of towns (vectorised: thousands of places in well under a second)."""

    def __init__(self, towns: list[Town]) -> None:
        self.towns = towns
        self._lat = np.radians([t.lat for t in towns])
        self._lon = np.radians([t.lon for t in towns])
        self._radius = np.array([area_radius_km(t.population) for t in towns])
        self._pop = np.array([t.population for t in towns])

    def label(self, lat: float, lon: float, max_km: float = MAX_KM) -> str:
        if not self.towns:
            return ""
        la, lo = math.radians(lat), math.radians(lon)
        a = np.sin((self._lat - la) / 2) ** 2 + np.cos(la) * np.cos(self._lat) * np.sin((self._lon - lo) / 2) ** 2
        km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        inside = np.flatnonzero(km <= self._radius)
        if inside.size:
            return self.towns[int(inside[np.argmax(self._pop[inside])])].name
        nearest = int(np.argmin(km))
        return self.towns[nearest].name if km[nearest] <= max_km else ""
