"""Place providers and geocoders. Never the network: Overpass and Nominatim are a loopback server."""

import pytest
from meeting_support import use_redis_limits

from engnest.meetings.domain.spot_index import Place
from engnest.meetings.places import registry
from engnest.meetings.places.bundled import BundledPlaces, bundled_index
from engnest.meetings.places.cache import PlaceCache
from engnest.meetings.places.geocoding import GazetteerGeocoder, NominatimGeocoder
from engnest.meetings.places.overpass import OverpassPlaces, build_query, parse_elements
from engnest.platform import throttle
from engnest.platform.domain.geo import LatLon
from engnest.platform.settings import reset_settings_cache

TOKYO, YOKOHAMA = LatLon(35.6895, 139.69171), LatLon(35.44778, 139.6425)
# Somewhere the bundle has nothing: two towns in New Zealand.
WELLINGTON, LOWER_HUTT = LatLon(-41.28664, 174.77557), LatLon(-41.21667, 174.91667)

OVERPASS_REPLY = {
    "version": 0.6,
    "generator": "Overpass API",
    "elements": [
        {"type": "node", "id": 101, "lat": -41.25, "lon": 174.85, "tags": {"amenity": "cafe", "name": "Flight Coffee"}},
        {"type": "way", "id": 202, "center": {"lat": -41.252, "lon": 174.851}, "tags": {"amenity": "library", "name": "Petone Library"}},
        {"type": "node", "id": 303, "lat": -41.251, "lon": 174.849, "tags": {"office": "coworking", "name": "Hutt Hub"}},
        {"type": "node", "id": 404, "lat": -41.253, "lon": 174.852, "tags": {"amenity": "coworking_space", "name": "BizDojo"}},
        {"type": "node", "id": 505, "lat": -41.254, "lon": 174.853, "tags": {"amenity": "cafe", "name": "Cafe Five"}},
        {"type": "node", "id": 606, "lat": -41.255, "lon": 174.854, "tags": {"amenity": "cafe"}},  # unnamed: skipped
        {"type": "node", "id": 707, "lat": 123, "lon": 174.854, "tags": {"amenity": "cafe", "name": "Bad"}},  # bad coordinate
    ],
}


def test_the_bundled_data_loads_with_every_source_and_kind():
    index = bundled_index()
    assert len(index) == 26681
    assert index.kinds_present() == {"cafe", "library"}
    place = BundledPlaces().get("osm-japan-2014:cafe-0") or next(index.place(i) for i in range(len(index)) if index.place(i).kind == "cafe")
    assert place.kind == "cafe" and place.country == "JP"
    assert any("OpenStreetMap" in line for line in BundledPlaces().attribution())


def test_the_bundle_proposes_cafes_between_tokyo_and_yokohama():
    proposal = BundledPlaces().propose(TOKYO, YOKOHAMA, rules=registry.spot_rules(), kinds=["cafe"])
    assert proposal.problem is None and len(proposal.spots) >= 5


def overpass(loopback, tmp_path, rate="100/second") -> OverpassPlaces:
    return OverpassPlaces(
        fallback=BundledPlaces(), url=loopback.url + "/api/interpreter", user_agent="EngNest-tests/1.0",
        cache=PlaceCache(tmp_path / "cache", ttl_hours=1), rate=rate,
    )


def test_overpass_fills_an_area_the_bundle_does_not_cover_and_caches_the_answer(loopback, tmp_path):
    loopback.reply(200, OVERPASS_REPLY)
    provider = overpass(loopback, tmp_path)
    proposal = provider.propose(WELLINGTON, LOWER_HUTT, rules=registry.spot_rules())
    assert {s.place.name for s in proposal.spots} == {"Flight Coffee", "Petone Library", "Hutt Hub", "BizDojo", "Cafe Five"}
    assert {s.place.kind for s in proposal.spots} == {"cafe", "library", "coworking"}
    sent = loopback.seen[0]
    assert sent.method == "POST" and sent.headers["user-agent"] == "EngNest-tests/1.0"
    query = sent.form()["data"]
    assert 'nwr["amenity"="cafe"]["name"](around:' in query and "[out:json]" in query
    provider.propose(WELLINGTON, LOWER_HUTT, rules=registry.spot_rules())
    assert len(loopback.seen) == 1  # the second time comes from the cache
    assert provider.get("osm:way/202").name == "Petone Library"
    assert overpass(loopback, tmp_path).get("osm:node/101").name == "Flight Coffee"  # another process, same cache dir


def test_overpass_is_not_asked_where_the_bundle_has_enough(loopback, tmp_path):
    provider = overpass(loopback, tmp_path)
    assert len(provider.propose(TOKYO, YOKOHAMA, rules=registry.spot_rules(), kinds=["cafe"]).spots) >= 5
    assert loopback.seen == []


def test_an_overpass_failure_falls_back_to_what_the_bundle_has(loopback, tmp_path):
    loopback.default = (504, {"remark": "timeout"})
    proposal = overpass(loopback, tmp_path).propose(WELLINGTON, LOWER_HUTT, rules=registry.spot_rules())
    assert proposal.problem == "none" and len(loopback.seen) == 1


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_overpass_requests_are_rate_limited(loopback, tmp_path, monkeypatch, request, storage):
    if storage == "redis":  # shared by every worker
        use_redis_limits(monkeypatch, request.getfixturevalue("redis_url"))
    loopback.default = (200, OVERPASS_REPLY)
    provider = overpass(loopback, tmp_path, rate="1/minute")
    provider.fetch(WELLINGTON, 10)
    assert provider.fetch(LatLon(-36.85, 174.76), 10) == []  # a different area, but over the limit
    assert len(loopback.seen) == 1
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def test_overpass_parsing_keeps_named_places_with_valid_coordinates_only():
    places = parse_elements(OVERPASS_REPLY)
    assert [p.id for p in places] == ["osm:node/101", "osm:way/202", "osm:node/303", "osm:node/404", "osm:node/505"]
    assert parse_elements({"elements": "nonsense"}) == [] and parse_elements([]) == []
    assert "(around:5000,-41.286640,174.775570)" in build_query(WELLINGTON, 5000, 25)


def test_the_gazetteer_geocodes_city_names_offline():
    [hit] = GazetteerGeocoder().geocode("Yokohama, Japan")
    assert hit.label == "Yokohama, Japan" and abs(hit.lat - 35.44) < 0.1


def test_nominatim_is_asked_for_what_the_gazetteer_does_not_know(loopback):
    loopback.default = (200, [{"lat": "35.5308", "lon": "139.7029", "display_name": "Kawasaki Station, Kanagawa, Japan", "place_id": 1, "boundingbox": ["35.5", "35.6", "139.6", "139.8"]}])
    geocoder = NominatimGeocoder(user_agent="EngNest-tests/1.0", domain=loopback.url.removeprefix("http://"), scheme="http", min_delay_seconds=0)
    [hit] = geocoder.geocode("Kawasaki Station")
    assert hit.source == "nominatim" and hit.label.startswith("Kawasaki Station")
    assert loopback.seen[0].path == "/search" and loopback.seen[0].headers["user-agent"] == "EngNest-tests/1.0"
    geocoder.geocode("Kawasaki Station")
    assert len(loopback.seen) == 1  # cached
    assert geocoder.geocode("Yokohama, Japan")[0].source == "gazetteer" and len(loopback.seen) == 1


def test_nominatim_requests_are_spaced_by_geopys_rate_limiter(loopback):
    loopback.default = (200, [])
    geocoder = NominatimGeocoder(user_agent="t", domain=loopback.url.removeprefix("http://"), scheme="http", min_delay_seconds=0.3)
    import time

    started = time.monotonic()
    geocoder.geocode("nowhere one")
    geocoder.geocode("nowhere two")
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize("provider_name", ["bundled", "overpass"])
def test_settings_choose_the_provider(monkeypatch, provider_name):
    from engnest.platform.settings import reset_settings_cache

    monkeypatch.setenv("PLACES_PROVIDER", provider_name)
    reset_settings_cache()
    assert registry.provider().name == provider_name
    reset_settings_cache()


def test_a_cached_place_round_trips(tmp_path):
    cache = PlaceCache(tmp_path, ttl_hours=1)
    place = Place("osm:node/1", "Café", "cafe", 1.0, 2.0, "X", "NZ", "osm-overpass")
    cache.write("k", [place])
    assert cache.read("k") == [place]
