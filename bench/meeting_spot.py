"""Benchmark: the halfway spot with the spatial index vs a linear scan over the same places.

    python bench/meeting_spot.py            # 100k places, 1,000 pairs; the linear scan on every 5th pair
    python bench/meeting_spot.py --full     # the linear scan on all 1,000 pairs (about 4 minutes)

Places: the bundled dataset (26,681 real cafés and libraries) plus synthetic points scattered within 3 km of
real ones (so density follows real cities) up to 100,000. Pairs: half within one city (two points up to 5 km
from its centre), half across two cities 10-150 km apart, in the US, England, Japan and Australia. Both methods
compute identical rankings (same distances, same fairness measure and tie-breaks); the linear scan scores every
place, vectorised with numpy/pyproj, so it is a strong baseline, not a Python loop. Printed: p50/p95 per proposal,
their ratio, and how often the two agree on the whole top 5.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engnest.meetings.domain.meeting_spot import SpotRules, _preference_ranks, max_trip_km, propose_spots  # noqa: E402
from engnest.meetings.domain.spot_index import KINDS, Place, SpotIndex  # noqa: E402
from engnest.meetings.places.bundled import read_places  # noqa: E402
from engnest.platform.domain import geo  # noqa: E402
from engnest.platform.places.gazetteer import gazetteer  # noqa: E402

TARGET = 100_000
LIMIT = 5
RULES = SpotRules()


def build_places(rng: random.Random) -> list[Place]:
    real = read_places()
    places = list(real)
    kinds = list(KINDS)
    while len(places) < TARGET:
        base = rng.choice(real)
        dest = geo.LatLon(base.lat, base.lon)
        bearing, km = rng.uniform(0, 360), rng.uniform(0.05, 3.0)
        from geopy.distance import geodesic

        p = geodesic(kilometers=km).destination(dest, bearing)
        places.append(Place(f"synthetic:{len(places)}", f"Synthetic {len(places)}", rng.choice(kinds), p.latitude, p.longitude, base.city, base.country, "synthetic"))
    return places


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> geo.LatLon:
    from geopy.distance import geodesic

    p = geodesic(kilometers=rng.uniform(0, km)).destination((lat, lon), rng.uniform(0, 360))
    return geo.LatLon(p.latitude, p.longitude)


def make_pairs(rng: random.Random, n: int) -> list[tuple[str, geo.LatLon, geo.LatLon]]:
    cities = gazetteer().in_countries({"US", "GB", "JP", "AU"}, min_population=100_000)
    pairs = []
    while len(pairs) < n:
        c = rng.choice(cities)
        if len(pairs) % 2 == 0:
            pairs.append(("same city", jitter(rng, c.lat, c.lon, 5), jitter(rng, c.lat, c.lon, 5)))
            continue
        near = [d for d in cities if d.id != c.id and d.country == c.country and 10 <= geo.distance_km((c.lat, c.lon), (d.lat, d.lon)) <= 150]
        if near:
            d = rng.choice(near)
            pairs.append(("across cities", geo.LatLon(c.lat, c.lon), geo.LatLon(d.lat, d.lon)))
    return pairs


def linear_scan(a: geo.LatLon, b: geo.LatLon, index: SpotIndex, rules: SpotRules = RULES, limit: int = LIMIT) -> list[str]:
    """The same ranking as propose_spots, scoring every place (no index)."""
    first, second = (b, a) if (b.lat, b.lon) < (a.lat, a.lon) else (a, b)
    apart = geo.distance_km(first, second)
    if apart > rules.max_apart_km:
        return []
    mid = geo.midpoint(first, second)
    km_a = geo.distances_km(first, index.lats, index.lons)
    km_b = geo.distances_km(second, index.lats, index.lons)
    idx = np.flatnonzero(np.maximum(km_a, km_b) <= max_trip_km(apart, rules))
    km_a, km_b = km_a[idx], km_b[idx]
    from_mid = geo.distances_km(mid, index.lats[idx], index.lons[idx])
    raw = rules.longest_weight * np.maximum(km_a, km_b) + rules.gap_weight * np.abs(km_a - km_b)
    steps = np.floor(raw / rules.fairness_step_km + 0.5)
    kind_rank = _preference_ranks(rules)[index.kind_codes[idx]]
    order = np.lexsort((idx, from_mid, kind_rank, steps))[:limit]
    return [index.place(i).id for i in idx[order]]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="run the linear scan on every pair")
    args = parser.parse_args()
    rng = random.Random(2026)

    started = time.perf_counter()
    places = build_places(rng)
    built = time.perf_counter()
    index = SpotIndex(places)
    indexed = time.perf_counter()
    pairs = make_pairs(rng, args.pairs)
    print(f"places: {len(index):,} ({len(read_places()):,} real + synthetic); generated in {built - started:.1f} s, indexed in {indexed - built:.2f} s")

    for a, b in [(p[1], p[2]) for p in pairs[:20]]:  # warm up caches and the allocator
        propose_spots(a, b, index, limit=LIMIT)

    ours: dict[str, list[float]] = {"same city": [], "across cities": []}
    all_ours, sampled_ours, linear, agree, compared, found = [], [], [], 0, 0, 0
    every = 1 if args.full else 5
    for i, (label, a, b) in enumerate(pairs):
        t0 = time.perf_counter()
        proposal = propose_spots(a, b, index, limit=LIMIT)
        elapsed = (time.perf_counter() - t0) * 1000
        ours[label].append(elapsed)
        all_ours.append(elapsed)
        found += bool(proposal.spots)
        if i % every == 0:
            t0 = time.perf_counter()
            reference = linear_scan(a, b, index)
            linear.append((time.perf_counter() - t0) * 1000)
            sampled_ours.append(elapsed)
            compared += 1
            agree += [s.place.id for s in proposal.spots] == reference

    print(f"pairs: {len(pairs):,} ({len(ours['same city'])} in one city, {len(ours['across cities'])} across cities); {found} got spots")
    print(f"{'':22}{'p50 ms':>10}{'p95 ms':>10}")
    print(f"{'index, all pairs':22}{percentile(all_ours, 50):10.3f}{percentile(all_ours, 95):10.3f}")
    for label, values in ours.items():
        print(f"{'index, ' + label:22}{percentile(values, 50):10.3f}{percentile(values, 95):10.3f}")
    print(f"{'index, sampled pairs':22}{percentile(sampled_ours, 50):10.3f}{percentile(sampled_ours, 95):10.3f}")
    print(f"{'linear scan, sampled':22}{percentile(linear, 50):10.3f}{percentile(linear, 95):10.3f}")
    ratio50 = percentile(linear, 50) / percentile(sampled_ours, 50)
    ratio95 = percentile(linear, 95) / percentile(sampled_ours, 95)
    print(f"speed-up (linear / index) on the same {compared} pairs: p50 {ratio50:.0f}x, p95 {ratio95:.0f}x")
    print(f"same top {LIMIT} as the linear scan: {agree}/{compared}")
    p95 = percentile(all_ours, 95)
    print(f"target p95 <= 5 ms: {'met' if p95 <= 5 else 'MISSED'} ({p95:.2f} ms); target >= 50x: {'met' if ratio95 >= 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
