"""People search at scale: p50/p95 of representative filtered searches on SQLite and PostgreSQL, each beside a
hand-written raw-SQL baseline for the same query (count + first page), and the ratio ours/raw.

    python bench/search.py                 # 100,000 profiles, both databases (PostgreSQL if reachable)
    python bench/search.py --profiles 20000 --runs 30 --sqlite-only

"Ours" is the whole service call a page makes (engnest.discovery.services.search.search: filters, blocked people,
FTS5 / tsvector+GIN, bounding box + geodesic distance, online ids, count and page). The baseline runs
equivalent SQL directly on the driver, with the distance as a haversine in SQL. Target: p95 <= 25 ms.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from search_data import online_ids, seed  # noqa: E402
from sqlmodel import Session  # noqa: E402

from engnest.discovery.domain.search import PAGE_SIZE, parse_filters  # noqa: E402
from engnest.discovery.services import search  # noqa: E402
from engnest.migrations import upgrade  # noqa: E402
from engnest.platform.db import make_engine  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
VIEWER = 1
QUERIES: dict[str, dict[str, str]] = {
    "text+discipline+distance+online": {"q": "drone", "discipline": "mechanical", "within": "100", "online": "1"},
    "text+discipline+distance": {"q": "python", "discipline": "software", "within": "200"},
    "text only (2 words)": {"q": "solar microgrid"},
    "skills any + has projects, newest": {"skills": "CAD,FEA", "projects": "1", "sort": "newest"},
    "within 50 km, nearest first": {"within": "50", "sort": "distance"},
    "no filters, newest": {"sort": "newest"},
    "no filters, page 200": {"sort": "newest", "page": "200"},
    "online now, most reliable": {"online": "1", "sort": "reliability"},
}


# --- the raw-SQL baseline ----------------------------------------------------------------------------

def raw_sql(dialect: str, params: dict[str, str], origin: tuple[float, float]) -> tuple[str, str, dict]:
    """(count SQL, page SQL, bind values) written by hand for the same search."""
    f = parse_filters(params)
    pg = dialect == "postgresql"
    ph = (lambda n: f"%({n})s") if pg else (lambda n: f":{n}")
    where = ["p.is_complete = " + ("true" if pg else "1"), f"p.user_id != {ph('viewer')}",
             f"p.user_id NOT IN (SELECT blocked_id FROM block WHERE blocker_id = {ph('viewer')} UNION SELECT blocker_id FROM block WHERE blocked_id = {ph('viewer')})"]
    binds: dict = {"viewer": VIEWER}
    joins, rank, dist = "", None, None
    if f.discipline:
        where.append(f"p.discipline = {ph('discipline')}")
        binds["discipline"] = f.discipline
    if f.has_projects:
        where.append("EXISTS (SELECT 1 FROM project pr WHERE pr.user_id = p.user_id)")
    if f.skill_keys:  # "any" (the benchmark's queries use any)
        where.append(f"EXISTS (SELECT 1 FROM skill s WHERE s.user_id = p.user_id AND s.key IN ({', '.join(ph(f'k{i}') for i in range(len(f.skill_keys)))}))")
        binds.update({f"k{i}": k for i, k in enumerate(f.skill_keys)})
    if f.online:
        where.append(f"p.user_id = ANY({ph('online')})" if pg else f"p.user_id IN (SELECT value FROM json_each({ph('online')}))")
    if f.within_km or f.sort == "distance":
        lat, lon = origin
        dist = (f"(12742 * asin(sqrt(power(sin(radians(p.city_lat - {lat}) / 2), 2) + cos(radians({lat})) * cos(radians(p.city_lat)) "
                f"* power(sin(radians(p.city_lon - {lon}) / 2), 2))))")
    if f.within_km:
        dlat, dlon = f.within_km / 110.57, f.within_km / (111.32 * math.cos(math.radians(abs(origin[0]) + f.within_km / 110.57)))
        where += [f"p.city_lat BETWEEN {origin[0] - dlat} AND {origin[0] + dlat}", f"p.city_lon BETWEEN {origin[1] - dlon} AND {origin[1] + dlon}",
                  f"{dist} <= {f.within_km}"]
    if f.terms:
        if pg:
            where.append(f"p.search_tsv @@ to_tsquery('english', {ph('tsq')})")
            rank = f"ts_rank_cd(p.search_tsv, to_tsquery('english', {ph('tsq')})) DESC"
            binds["tsq"] = " & ".join(f"{t}:*" for t in f.terms)
        else:
            joins = " JOIN profile_fts ON profile_fts.rowid = p.user_id"
            where.append(f"profile_fts MATCH {ph('fts')}")
            rank = "bm25(profile_fts)"
            binds["fts"] = " ".join(f'"{t}"*' for t in f.terms)
    order = {"distance": f"{dist}", "reliability": "p.reliability IS NULL, p.reliability DESC"}.get(f.sort, rank if f.sort == "relevance" and rank else None)
    order = ", ".join(o for o in (order, "p.created_at DESC, p.user_id DESC") if o)
    base = f"FROM profile p{joins} WHERE " + " AND ".join(where)
    cap = max(search.COUNT_CAP, f.offset + PAGE_SIZE) + 1  # the same capped count as the service
    return (f"SELECT count(*) FROM (SELECT p.user_id {base} LIMIT {cap}) AS capped",
            f"SELECT p.user_id, p.city_lat, p.city_lon {base} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {f.offset}", binds)


# --- timing ---------------------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def time_ours(engine: sa.Engine, params: dict, online: set[int], runs: int) -> tuple[list[float], int]:
    filters = parse_filters(params)
    times, total = [], 0
    for i in range(runs + 5):
        start = time.perf_counter()
        with Session(engine) as session:
            total = search.search(session=session, viewer_id=VIEWER, filters=filters, online_ids=online if filters.online else set()).total
        if i >= 5:
            times.append((time.perf_counter() - start) * 1000)
    return times, total


def time_raw(engine: sa.Engine, params: dict, online: set[int], runs: int, origin) -> tuple[list[float], int]:
    import json

    count_sql, page_sql, binds = raw_sql(engine.dialect.name, params, origin)
    if "online" in params:
        binds["online"] = sorted(online) if engine.dialect.name == "postgresql" else json.dumps(sorted(online))
    times, total = [], 0
    raw = engine.raw_connection()
    try:
        for i in range(runs + 5):
            start = time.perf_counter()
            cur = raw.cursor()
            cur.execute(count_sql, binds)
            total = cur.fetchone()[0]
            cur.execute(page_sql, binds)
            cur.fetchall()
            cur.close()
            if i >= 5:
                times.append((time.perf_counter() - start) * 1000)
        raw.commit()
    finally:
        raw.close()
    return times, total


def plan(engine: sa.Engine, params: dict, online: set[int]) -> list[str]:
    """The query plan of our page query for `params` (captured from the service, then EXPLAINed)."""
    captured: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if "LIMIT" in statement:
            captured.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", grab)
    try:
        with Session(engine) as session:
            search.search(session=session, viewer_id=VIEWER, filters=parse_filters(params), online_ids=online)
    finally:
        sa.event.remove(engine, "before_cursor_execute", grab)
    statement, parameters = captured[-1]
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(prefix + statement, parameters)
        rows = cur.fetchall()
    finally:
        raw.close()
    return [" ".join(str(c) for c in (r[1:] if engine.dialect.name == "sqlite" else r)) for r in rows]


def run(label: str, engine: sa.Engine, n: int, runs: int) -> list[tuple]:
    online = online_ids(n)
    with engine.connect() as conn:
        origin = tuple(conn.execute(sa.text("SELECT city_lat, city_lon FROM profile WHERE user_id = 1")).one())
    print(f"\n{label}: {n:,} profiles, {len(online):,} online, {runs} runs per query (after 5 warm-up runs)")
    print(f"  {'query':36s} {'results':>8s} {'ours p50':>9s} {'ours p95':>9s} {'raw p50':>8s} {'raw p95':>8s} {'ratio p50':>9s} {'ratio p95':>9s}")
    rows = []
    for name, params in QUERIES.items():
        ours, total = time_ours(engine, params, online, runs)
        raw, raw_total = time_raw(engine, params, online, runs, origin)
        o50, o95, r50, r95 = pct(ours, 0.5), pct(ours, 0.95), pct(raw, 0.5), pct(raw, 0.95)
        flag = "" if o95 <= 25 else "  > 25 ms"
        same = "" if total == raw_total else f"  (raw counted {raw_total:,})"
        total_label = f"{total:,}" + ("+" if total >= search.COUNT_CAP else "")
        print(f"  {name:36s} {total_label:>8s} {o50:8.1f}ms {o95:8.1f}ms {r50:7.1f}ms {r95:7.1f}ms {o50 / r50:8.2f}x {o95 / r95:8.2f}x{flag}{same}")
        rows.append((name, o50, o95, r50, r95))
    print(f"  median of p95 over queries: {statistics.median(r[2] for r in rows):.1f} ms; worst p95: {max(r[2] for r in rows):.1f} ms")
    print(f"  plan of {next(iter(QUERIES))!r}:")
    for line in plan(engine, QUERIES[next(iter(QUERIES))], online):
        print("    " + (line if len(line) <= 150 else line[:147] + "..."))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="engnest-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        seed(engine, args.profiles)
        print(f"SQLite seeded in {time.perf_counter() - started:.0f} s")
        run("SQLite (FTS5, WAL)", engine, args.profiles, args.runs)
        engine.dispose()

    if args.sqlite_only:
        return
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"engnest_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        print(f"\nPostgreSQL not reachable ({exc.__class__.__name__}); skipped.")
        return
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        seed(engine, args.profiles)
        print(f"\nPostgreSQL seeded in {time.perf_counter() - started:.0f} s")
        run("PostgreSQL (tsvector + GIN)", engine, args.profiles, args.runs)
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
