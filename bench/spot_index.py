"""Benchmark: the spot index and geodesics the app runs on, side by side (issue 11, lighter runtime).

    python bench/spot_index.py              # 26,681 real places and 100,000; 300 pairs; about a minute
    python bench/spot_index.py --pairs 1000

Candidates, each on the same data and the same queries in one run:
* `kdtree+pyproj`: one scipy k-d tree per kind on unit-sphere coordinates, Karney geodesics in C (pyproj)
  — what the app ran before; shown when scipy is installed (requirements-dev.txt has it for this benchmark);
* `numpy+pyproj`: the places sorted by latitude, a bisected band, the exact longitude range and the chord test
  in numpy (`SpotIndex` today), the same pyproj geodesics — what the app runs now;
* `numpy+geographiclib`: the same index, geodesics from geographiclib (pure Python, what geopy runs).

Queries (what the app makes):
* spots: `propose_spots` for pairs of people, half within one city (up to 5 km from its centre), half in two
  cities 10-150 km apart (US, England, Japan, Australia); p50 and p95 per proposal;
* near: the places within 1-200 km of a city (`SpotIndex.within`, what the Overpass provider asks the bundle);
* cities within N km: the search's distance filter (`geo.within_km` over the gazetteer's latitude band, as
  `places.nearby.city_ids_within` without its cache), N in 10-300 km;
* page distances: the geodesic distance to each of 20 people on a results page (`geo.distance_km`).

Sizes: the bundled places (26,681) and the gazetteer's cities as they are, then both grown to 100,000 by
points scattered within 3 km of real ones (so the density follows real cities). Printed: p50 (p95) in ms per
query (CPU time, the least of --repeat runs: steadier than wall time on a shared machine), each candidate's
ratio to `numpy+pyproj`, whether the rankings are identical, and the largest distance
difference between the candidates' geodesics.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import math
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engnest.meetings.domain.meeting_spot import propose_spots  # noqa: E402
from engnest.meetings.domain.spot_index import KINDS, Place, SpotIndex  # noqa: E402
from engnest.meetings.places.bundled import read_places  # noqa: E402
from engnest.platform.domain import geo  # noqa: E402
from engnest.platform.places.gazetteer import gazetteer  # noqa: E402

TARGET = 100_000
LIMIT = 5
TODAY = "numpy+pyproj"


class KDTreeIndex(SpotIndex):
    """The index as it was: one scipy k-d tree per kind, queried with a ball of the radius's chord."""

    def __init__(self, places: list[Place]) -> None:
        super().__init__(places)
        from scipy.spatial import cKDTree

        kinds = np.array([self.place(i).kind for i in range(len(self))], dtype=object)
        self._trees = {}
        for kind in KINDS:
            members = np.flatnonzero(kinds == kind)
            if len(members):
                self._trees[kind] = (cKDTree(self.xyz[members]), members)

    def within(self, center: geo.LatLon, radius_km: float, kinds=None) -> np.ndarray:
        point = geo.unit_xyz(np.array([center[0]]), np.array([center[1]]))[0]
        chord = geo.chord_for_km(radius_km)
        found = []
        for kind in kinds if kinds is not None else KINDS:
            entry = self._trees.get(kind)
            if entry is not None:
                hits = entry[0].query_ball_point(point, chord)
                if hits:
                    found.append(entry[1][np.asarray(hits, dtype=int)])
        return np.concatenate(found) if found else np.zeros(0, dtype=int)


@contextlib.contextmanager
def geographiclib_geodesics() -> Iterator[None]:
    """Swap the app's geodesics (pyproj) for geographiclib's, for the duration."""
    from geographiclib.geodesic import Geodesic

    wgs84, distance = Geodesic.WGS84, Geodesic.DISTANCE

    def distance_km(a, b):
        return wgs84.Inverse(a[0], a[1], b[0], b[1], distance)["s12"] / 1000.0

    def distances_km(origin, lats, lons):
        return np.array([wgs84.Inverse(origin[0], origin[1], la, lo, distance)["s12"] for la, lo in zip(lats.tolist(), lons.tolist())]) / 1000.0

    def midpoint(a, b):
        line = wgs84.InverseLine(a[0], a[1], b[0], b[1])
        p = line.Position(line.s13 / 2.0)
        return geo.LatLon(p["lat2"], geo.normalize_lon(p["lon2"]))

    saved = geo.distance_km, geo.distances_km, geo.midpoint
    geo.distance_km, geo.distances_km, geo.midpoint = distance_km, distances_km, midpoint
    try:
        yield
    finally:
        geo.distance_km, geo.distances_km, geo.midpoint = saved


def scatter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point up to `km` from (lat, lon) (flat-Earth offset: only the density matters here)."""
    r, bearing = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    dlat = r * math.cos(bearing) / 111.2
    dlon = r * math.sin(bearing) / (111.2 * max(0.01, math.cos(math.radians(lat))))
    return max(-90.0, min(90.0, lat + dlat)), geo.normalize_lon(lon + dlon)


def grow_places(rng: random.Random, real: list[Place], target: int) -> list[Place]:
    places, kinds = list(real), list(KINDS)
    while len(places) < target:
        base = rng.choice(real)
        lat, lon = scatter(rng, base.lat, base.lon, 3.0)
        places.append(Place(f"synthetic:{len(places)}", "Synthetic", rng.choice(kinds), lat, lon, base.city, base.country, "synthetic"))
    return places


def grow_cities(rng: random.Random, real: list[tuple[float, float, int]], target: int) -> list[tuple[float, float, int]]:
    points = list(real)
    while len(points) < target:
        lat, lon, _ = rng.choice(real)
        points.append((*scatter(rng, lat, lon, 3.0), -len(points)))
    return sorted(points)


def make_pairs(rng: random.Random, n: int) -> list[tuple[geo.LatLon, geo.LatLon]]:
    cities = gazetteer().in_countries({"US", "GB", "JP", "AU"}, min_population=100_000)
    pairs = []
    while len(pairs) < n:
        c = rng.choice(cities)
        if len(pairs) % 2 == 0:
            pairs.append((geo.LatLon(*scatter(rng, c.lat, c.lon, 5)), geo.LatLon(*scatter(rng, c.lat, c.lon, 5))))
            continue
        near = [d for d in cities if d.country == c.country and 10 <= geo.haversine_km(c.lat, c.lon, d.lat, d.lon) <= 150]
        if near:
            d = rng.choice(near)
            pairs.append((geo.LatLon(c.lat, c.lon), geo.LatLon(d.lat, d.lon)))
    return pairs


def timed(runs: dict[str, Callable[[object], object]], inputs: list, repeat: int) -> dict[str, tuple[list[float], list]]:
    """Each input through each candidate in turn (so load on a shared machine hits them alike), `repeat`
    times; per input the least CPU time (ms) is kept, the steadiest measure when other processes compete."""
    out: dict[str, tuple[list[float], list]] = {name: ([], []) for name in runs}
    for item in inputs:
        for name, run in runs.items():
            best, result = math.inf, None
            with geographiclib_geodesics() if name.endswith("geographiclib") else contextlib.nullcontext():
                for _ in range(repeat):
                    t0 = time.process_time()
                    result = run(item)
                    best = min(best, (time.process_time() - t0) * 1000)
            out[name][0].append(best)
            out[name][1].append(result)
    return out


def cities_within(lats: list[float], points: list[tuple[float, float, int]], query) -> frozenset[int]:
    (lat, lon), km = query
    box = geo.bounding_box(lat, lon, km)
    lo, hi = bisect.bisect_left(lats, box.min_lat), bisect.bisect_right(lats, box.max_lat)
    return frozenset(geo.within_km(lat, lon, points[lo:hi], km))


def run_size(label: str, places: list[Place], cities, pairs, rng: random.Random, candidates: list[str], repeat: int) -> list[tuple]:
    indexes: dict[str, SpotIndex] = {}
    build = {}
    for name in candidates:
        kind = name.split("+")[0]
        if kind in indexes:
            indexes[name] = indexes[kind]
            continue
        t0 = time.perf_counter()
        indexes[kind] = indexes[name] = KDTreeIndex(places) if kind == "kdtree" else SpotIndex(places)
        build[kind] = time.perf_counter() - t0
    print(f"\n{label}: {len(places):,} places, {len(cities):,} cities; index built in " + ", ".join(f"{k} {s:.2f} s" for k, s in build.items()))

    hubs = [geo.LatLon(*scatter(rng, p.lat, p.lon, 2)) for p in rng.sample(places, 300)]
    near_queries = [(h, rng.choice([1, 5, 25, 100, 200])) for h in hubs]
    lats = [p[0] for p in cities]
    city_queries = [((h.lat, h.lon), rng.choice([10, 25, 50, 100, 300])) for h in hubs[:100]]
    page_queries = [(hubs[i], [(c[0], c[1]) for c in rng.sample(cities, 20)]) for i in range(100)]

    for a, b in pairs[:10]:  # warm up
        for name in candidates:
            propose_spots(a, b, indexes[name], limit=LIMIT)
    spots = timed({n: (lambda pair, index=indexes[n]: propose_spots(pair[0], pair[1], index, limit=LIMIT)) for n in candidates}, pairs, repeat)
    near = timed({n: (lambda q, index=indexes[n]: index.within(q[0], q[1])) for n in candidates}, near_queries, repeat)
    in_cities = timed({n: (lambda q: cities_within(lats, cities, q)) for n in candidates}, city_queries, repeat)
    page = timed({n: (lambda q: [geo.distance_km(q[0], c) for c in q[1]]) for n in candidates}, page_queries, repeat)
    rows, rankings, distances = [], {}, {}
    for name in candidates:
        proposals, pages = spots[name][1], page[name][1]
        rankings[name] = [[s.place.id for s in p.spots] for p in proposals]
        distances[name] = np.array([d for p in proposals for s in p.spots for d in (s.km_a, s.km_b)] + [d for one in pages for d in one])
        rows.append((name, spots[name][0], near[name][0], in_cities[name][0], page[name][0]))

    def cell(values: list[float], base: list[float], p95: bool = False) -> str:
        p50 = float(np.percentile(values, 50))
        text = f"{p50:.3f}" + (f" ({float(np.percentile(values, 95)):.2f})" if p95 else "")
        return f"{text} x{p50 / float(np.percentile(base, 50)):.2f}"

    base = next(r for r in rows if r[0] == TODAY)
    print(f"{'CPU ms per query: p50 (p95) x ratio to ' + TODAY:50}" + "".join(f"{r[0]:>26}" for r in rows))
    for col, title, p95 in ((1, f"spots between two people ({len(pairs)})", True), (2, "near: places within 1-200 km", False),
                            (3, "cities within 10-300 km", False), (4, "distances to a page of 20", False)):
        print(f"{title:50}" + "".join(f"{cell(r[col], base[col], p95):>26}" for r in rows))
    for name in candidates:
        if name != TODAY:
            same = sum(x == y for x, y in zip(rankings[name], rankings[TODAY]))
            diff = float(np.max(np.abs(distances[name] - distances[TODAY]))) if len(distances[TODAY]) else 0.0
            print(f"{name} vs {TODAY}: same top {LIMIT} for {same}/{len(pairs)} pairs; largest distance difference {diff * 1e6:.1e} mm")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query per candidate (the least CPU time counts)")
    args = parser.parse_args()
    rng = random.Random(2026)
    candidates = [TODAY, "numpy+geographiclib"]
    try:
        import scipy.spatial  # noqa: F401

        candidates.insert(0, "kdtree+pyproj")
    except ImportError:
        print("scipy is not installed: the k-d tree column is left out (pip install -r requirements-dev.txt)")

    real = read_places()
    countries = set(gazetteer().countries)
    real_cities = sorted((c.lat, c.lon, c.id) for c in gazetteer().in_countries(countries))
    pairs = make_pairs(rng, args.pairs)
    run_size("real data", real, real_cities, pairs, rng, candidates, args.repeat)
    run_size(f"grown to {TARGET:,}", grow_places(rng, real, TARGET), grow_cities(rng, real_cities, TARGET), pairs, rng, candidates, args.repeat)


if __name__ == "__main__":
    main()
