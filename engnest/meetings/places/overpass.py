"""OpenStreetMap places through the Overpass API (opt-in: PLACES_PROVIDER=overpass).

Used where the bundled data is thin: the bundled provider answers first, and only when it finds no or too few
spots is Overpass asked for cafés, libraries and coworking spaces around the midpoint. Answers are cached on
disk (PLACES_CACHE_TTL_HOURS), requests are rate-limited across workers (PLACES_OVERPASS_RATE, the `limits`
library, in Redis when configured) and carry an identifying User-Agent, as the Overpass usage policy asks.
A failed or refused request falls back to the bundled answer; the page never breaks because of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import httpx

from engnest.meetings.domain.meeting_spot import Proposal, SpotRules, propose_spots
from engnest.meetings.domain.spot_index import Place, SpotIndex
from engnest.meetings.places.attribution import OVERPASS_ATTRIBUTION
from engnest.meetings.places.base import PlacesProvider
from engnest.meetings.places.cache import PlaceCache
from engnest.platform import throttle
from engnest.platform.domain import geo

log = logging.getLogger(__name__)

# OSM tags -> our kinds.
TAGS: tuple[tuple[str, str, str], ...] = (
    ("amenity", "cafe", "cafe"),
    ("amenity", "library", "library"),
    ("amenity", "coworking_space", "coworking"),
    ("office", "coworking", "coworking"),
)
_NORMALISE = re.compile(r"[\W_]+")


def build_query(center: geo.LatLon, radius_m: int, timeout_s: int) -> str:
    around = f"(around:{radius_m},{center.lat:.6f},{center.lon:.6f})"
    parts = "".join(f'nwr["{k}"="{v}"]["name"]{around};' for k, v, _ in TAGS)
    return f"[out:json][timeout:{timeout_s}];({parts});out center 2000;"


def parse_elements(payload: dict) -> list[Place]:
    """Overpass JSON -> places (nodes carry lat/lon, ways and relations a `center`); unnamed ones skipped."""
    places = []
    elements = payload.get("elements") if isinstance(payload, dict) else None
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        tags = element.get("tags") if isinstance(element.get("tags"), dict) else {}
        name = str(tags.get("name", "")).strip()[:200]
        kind = next((ours for k, v, ours in TAGS if tags.get(k) == v), None)
        point = element if "lat" in element else element.get("center") or {}
        try:
            coord = geo.check_latlon(float(point["lat"]), float(point["lon"]))
            osm_id = int(element["id"])
        except (KeyError, TypeError, ValueError):
            continue
        if not name or kind is None:
            continue
        places.append(
            Place(
                id=f"osm:{str(element.get('type', 'node'))[:8]}/{osm_id}",
                name=name,
                kind=kind,
                lat=coord.lat,
                lon=coord.lon,
                city=str(tags.get("addr:city", ""))[:120],
                country=str(tags.get("addr:country", ""))[:2].upper(),
                source="osm-overpass",
            )
        )
    return places


def _dedupe(places: list[Place]) -> list[Place]:
    """The same place from two sources: same kind, same name, within about 100 m."""
    seen: set[tuple] = set()
    out = []
    for p in places:
        key = (p.kind, _NORMALISE.sub("", p.name.lower()), round(p.lat, 3), round(p.lon, 3))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


class OverpassPlaces(PlacesProvider):
    name = "overpass"

    def __init__(
        self,
        *,
        fallback: PlacesProvider,
        url: str,
        user_agent: str,
        cache: PlaceCache,
        rate: str = "1/second;2000/day",
        timeout_s: int = 25,
        max_radius_km: float = 25.0,
    ) -> None:
        self.fallback, self.url, self.user_agent, self.cache = fallback, url, user_agent, cache
        self.rate, self.timeout_s, self.max_radius_km = rate, timeout_s, max_radius_km

    def fetch(self, center: geo.LatLon, radius_km: float) -> list[Place]:
        radius_m = int(min(radius_km, self.max_radius_km) * 1000)
        key = f"{center.lat:.2f},{center.lon:.2f},{radius_m // 1000}"
        cached = self.cache.read(key)
        if cached is not None:
            return cached
        if not all(throttle.hit(rule.strip(), "overpass") for rule in self.rate.split(";")):
            log.info("overpass: rate limit reached, using stale cache or nothing")
            return self.cache.read(key, allow_stale=True) or []
        try:
            response = httpx.post(
                self.url,
                data={"data": build_query(center, radius_m, self.timeout_s)},
                headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                timeout=self.timeout_s + 5,
            )
            response.raise_for_status()
            places = parse_elements(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("overpass: request failed (%s); using stale cache or nothing", exc)
            return self.cache.read(key, allow_stale=True) or []
        self.cache.write(key, places)
        return places

    def index_near(self, center: geo.LatLon, radius_km: float) -> SpotIndex:
        bundled = self.fallback.index_near(center, radius_km)
        nearby = [bundled.place(i) for i in bundled.within(center, radius_km)]
        return SpotIndex(_dedupe(nearby + self.fetch(center, radius_km)))

    def propose(
        self,
        a: geo.LatLon,
        b: geo.LatLon,
        *,
        rules: SpotRules,
        kinds: Sequence[str] | None = None,
        limit: int = 8,
        center: geo.LatLon | None = None,
    ) -> Proposal:
        first = self.fallback.propose(a, b, rules=rules, kinds=kinds, limit=limit, center=center)
        if first.problem not in ("none", "few"):
            return first
        around = center or first.midpoint or geo.midpoint(a, b)
        radius = min(self.max_radius_km, first.apart_km / 2 + rules.near_slack_km)
        index = self.index_near(around, radius)
        return propose_spots(a, b, index, rules=rules, kinds=kinds, limit=limit, center=center)

    def get(self, place_id: str) -> Place | None:
        return self.fallback.get(place_id) or self.cache.find(str(place_id))

    def attribution(self) -> list[str]:
        return [*self.fallback.attribution(), OVERPASS_ATTRIBUTION]

    def coverage_note(self) -> str:
        return ""
