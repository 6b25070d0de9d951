"""`provider()` and `geocoder()`: the places provider and geocoder chosen by settings (offline by default),
and `spot_rules()`: the halfway-spot rules with the weights and limits from settings."""

from __future__ import annotations

import functools

from engnest.meetings.domain.meeting_spot import SpotRules
from engnest.meetings.places.base import PlacesProvider
from engnest.meetings.places.geocoding import GazetteerGeocoder, Geocoder
from engnest.platform.settings import Settings, get_settings


def spot_rules(settings: Settings | None = None) -> SpotRules:
    s = settings or get_settings()
    return SpotRules(
        longest_weight=s.places_fairness_longest_weight,
        gap_weight=s.places_fairness_gap_weight,
        fairness_step_km=s.places_fairness_step_km,
        max_apart_km=s.places_max_apart_km,
        near_slack_km=s.places_near_slack_km,
        kind_preference=tuple(k.strip() for k in s.places_kind_preference.split(",") if k.strip()),
        walk_kmh=s.places_walk_kmh,
        transit_kmh=s.places_transit_kmh,
        drive_kmh=s.places_drive_kmh,
    )


@functools.cache
def _provider(name: str, url: str, user_agent: str, data_dir: str, ttl: int, rate: str, timeout: int) -> PlacesProvider:
    from pathlib import Path

    from engnest.meetings.places.bundled import BundledPlaces

    bundled = BundledPlaces()
    if name != "overpass":
        return bundled
    from engnest.meetings.places.cache import PlaceCache
    from engnest.meetings.places.overpass import OverpassPlaces

    cache = PlaceCache(Path(data_dir) / "places-cache", ttl)
    return OverpassPlaces(fallback=bundled, url=url, user_agent=user_agent, cache=cache, rate=rate, timeout_s=timeout)


def provider() -> PlacesProvider:
    s = get_settings()
    return _provider(
        s.places_provider, s.places_overpass_url, s.places_user_agent, str(s.data_dir),
        s.places_cache_ttl_hours, s.places_overpass_rate, s.places_overpass_timeout_s,
    )


@functools.cache
def _geocoder(enabled: bool, user_agent: str, domain: str, scheme: str) -> Geocoder:
    if not enabled:
        return GazetteerGeocoder()
    from engnest.meetings.places.geocoding import NominatimGeocoder

    return NominatimGeocoder(user_agent=user_agent, domain=domain, scheme=scheme)


def geocoder() -> Geocoder:
    s = get_settings()
    return _geocoder(s.places_nominatim_enabled, s.places_user_agent, s.places_nominatim_domain, s.places_nominatim_scheme)
