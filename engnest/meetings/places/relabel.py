"""Rewrite the `city` column of the bundled places with the labelling rule of `domain.place_labels`.

    .venv/bin/python -m engnest.meetings.places.relabel    # rewrites engnest/meetings/places/data/places.csv.gz in place

US rows keep the postal city of their source; rows from the other sources (England, Australia, Japan) get the
GeoNames city they lie in, else the nearest town (see data/SOURCES.md). Run it after rebuilding the file.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

from engnest.meetings.domain.place_labels import Town, TownLabeller
from engnest.meetings.places.bundled import BUNDLE
from engnest.platform.places.gazetteer import gazetteer

KEEP_SOURCE_CITY = ("imls-pls-fy2019",)  # US postal cities are already the town a place is in


def relabel_rows(rows: list[dict[str, str]]) -> int:
    """Relabel in place; returns how many labels changed."""
    labellers: dict[str, TownLabeller] = {}
    towns_by_country: dict[str, list[Town]] = defaultdict(list)
    for c in gazetteer().in_countries({r["country"] for r in rows}):
        towns_by_country[c.country].append(Town(c.name, c.lat, c.lon, c.population))
    changed = 0
    for row in rows:
        if row["source"] in KEEP_SOURCE_CITY:
            continue
        labeller = labellers.get(row["country"]) or labellers.setdefault(row["country"], TownLabeller(towns_by_country[row["country"]]))
        city = labeller.label(float(row["lat"]), float(row["lon"])) or row["city"]
        if city != row["city"]:
            row["city"], changed = city, changed + 1
    return changed


def main(path: Path = BUNDLE) -> None:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    changed = relabel_rows(rows)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime 0: the same rows give the same bytes
        f.write(out.getvalue().encode("utf-8"))
    print(f"relabelled {changed} of {len(rows)} places in {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
