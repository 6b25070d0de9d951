"""The default places provider: the dataset shipped in `engnest/meetings/places/data/` (offline, no network)."""

from __future__ import annotations

import csv
import functools
import gzip
import io
from pathlib import Path

from engnest.meetings.domain.spot_index import Place, SpotIndex
from engnest.meetings.places.attribution import BUNDLED_ATTRIBUTION, BUNDLED_COVERAGE
from engnest.meetings.places.base import PlacesProvider
from engnest.platform.domain import geo

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLE = DATA_DIR / "places.csv.gz"


def read_places(path: Path = BUNDLE) -> list[Place]:
    """Rows of `id,name,category,lat,lon,city,country,source` (see data/SOURCES.md)."""
    with gzip.open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return [
            Place(
                id=row["id"],
                name=row["name"],
                kind=row["category"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                city=row["city"],
                country=row["country"],
                source=row["source"],
            )
            for row in csv.DictReader(text)
        ]


@functools.cache
def bundled_index(path: Path = BUNDLE) -> SpotIndex:
    """Loaded once per process (about 0.2 s), then shared read-only."""
    return SpotIndex(read_places(path))


class BundledPlaces(PlacesProvider):
    name = "bundled"

    def __init__(self, path: Path = BUNDLE) -> None:
        self.path = path

    def index_near(self, center: geo.LatLon, radius_km: float) -> SpotIndex:
        return bundled_index(self.path)

    def get(self, place_id: str) -> Place | None:
        return bundled_index(self.path).get(str(place_id))

    def attribution(self) -> list[str]:
        return list(BUNDLED_ATTRIBUTION)

    def coverage_note(self) -> str:
        return BUNDLED_COVERAGE
