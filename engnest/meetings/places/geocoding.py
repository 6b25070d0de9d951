"""Geocoding: text -> coordinates. Offline from the GeoNames gazetteer by default; OpenStreetMap Nominatim
through geopy when PLACES_NOMINATIM_ENABLED is set, behind geopy's RateLimiter (at most 1 request per
second, as Nominatim's usage policy asks) and an in-process cache. The gazetteer answers first, so Nominatim
is only asked for what is not a known city (an address, a neighbourhood, a landmark)."""

from __future__ import annotations

import functools
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass

from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from engnest.platform.places.gazetteer import gazetteer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeoResult:
    label: str
    lat: float
    lon: float
    source: str


class Geocoder(ABC):
    @abstractmethod
    def geocode(self, text: str, limit: int = 5) -> list[GeoResult]: ...


class GazetteerGeocoder(Geocoder):
    """Cities with population >= 15,000 (offline)."""

    def geocode(self, text: str, limit: int = 5) -> list[GeoResult]:
        g = gazetteer()
        exact = g.resolve(text)
        cities = [exact] if exact else g.search(text, limit=limit) or g.suggest(text, limit=limit)
        return [GeoResult(c.label, c.lat, c.lon, "gazetteer") for c in cities[:limit]]


class NominatimGeocoder(Geocoder):
    def __init__(self, *, user_agent: str, domain: str, scheme: str = "https", timeout: float = 10, min_delay_seconds: float = 1.0) -> None:
        self._nominatim = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=URLLibAdapter)
        self._geocode = RateLimiter(self._nominatim.geocode, min_delay_seconds=min_delay_seconds, max_retries=1, swallow_exceptions=False)
        self._offline = GazetteerGeocoder()

    @functools.lru_cache(maxsize=512)  # noqa: B019  (one long-lived instance per process)
    def _lookup(self, text: str, limit: int) -> tuple[GeoResult, ...]:
        try:
            found = self._geocode(text, exactly_one=False, limit=limit) or []
        except GeopyError as exc:
            log.warning("nominatim: %s", exc)
            return ()
        return tuple(GeoResult(loc.address[:200], float(loc.latitude), float(loc.longitude), "nominatim") for loc in found)

    def geocode(self, text: str, limit: int = 5) -> list[GeoResult]:
        text = " ".join((text or "").split())[:200]
        if not text:
            return []
        offline = self._offline.geocode(text, limit)
        if offline and offline[0].label.lower().startswith(text.lower()):
            return offline
        return list(self._lookup(text, limit)) or offline
