"""The posts feed at scale (issue 13): p50/p95 of a feed page over N posts and 5·N votes, through the real
service (`feed.feed_page`: blocks, the keyset page with the viewer's votes and room names, the authors' shown
names), beside a minimal baseline measured in the same run: the bare index walk for the same page in raw SQL
(ids and titles only, no joins, no names). Target: hot page p95 ≤ 30 ms on SQLite and PostgreSQL.

    python bench/feed.py                              # 1,000,000 posts, 5,000,000 votes, SQLite then PostgreSQL
    python bench/feed.py --posts 100000 --runs 30 --sqlite-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from engnest.community.domain import posts as rules  # noqa: E402
from engnest.community.services import feed  # noqa: E402
from engnest.migrations import upgrade  # noqa: E402
from engnest.platform.db import make_engine  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
USERS = 5000
ROOMS = 20
TAGS = ("fea", "cad", "pcb", "python", "rust", "cfd", "optics", "welding")
VOTES_PER_POST = 5
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc)


def _users(conn) -> None:
    at = NOW - dt.timedelta(days=400)
    conn.execute(sa.text(
        "INSERT INTO user_account (id, email, timezone, password_hash, birth_date, timezone_auto, email_notifications, created_at, password_changed_at) "
        "VALUES (:id, :email, 'UTC', 'x', '1990-01-01', true, true, :at, :at)"), [{"id": i, "email": f"u{i}@example.com", "at": at} for i in range(1, USERS + 1)])
    conn.execute(sa.text("INSERT INTO pseudonym (user_id, handle, handle_key, chosen, created_at) VALUES (:id, :h, :k, false, :at)"),
                 [{"id": i, "h": f"Engineer · #{i:04d}", "k": f"engineer·#{i:05d}", "at": at} for i in range(1, USERS + 1)])
    conv = [{"id": r, "at": at} for r in range(1, ROOMS + 1)]
    conn.execute(sa.text("INSERT INTO conversation (id, kind, created_at) VALUES (:id, 'room', :at)"), conv)
    conn.execute(sa.text(
        "INSERT INTO room (id, conversation_id, name, topic, tags, visibility, member_count, created_by, created_at, last_activity_at) "
        "VALUES (:id, :id, :name, '', '', :vis, 0, 1, :at, :at)"),
        [{"id": r, "name": f"Room {r}", "vis": "private" if r % 5 == 0 else "public", "at": at} for r in range(1, ROOMS + 1)])


def _rows(n: int, start: int, stop: int):
    """Posts `start`..`stop-1` (0-based) spread over a year back from NOW, with their votes and tag rows."""
    span = 365 * 24 * 3600 / n
    for i in range(start, stop):
        pid = i + 1
        created = NOW - dt.timedelta(seconds=(n - i) * span)
        values = [1 if (pid * 31 + k * 17) % 4 else -1 for k in range(VOTES_PER_POST)]
        score = sum(values)
        tag = TAGS[i % len(TAGS)]
        room = (i % 50) + 1 if i % 50 < ROOMS else None
        yield pid, created, score, tag, room, values


def seed(engine: sa.Engine, n: int) -> None:
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        _users(conn)
    chunk = 50_000
    for start in range(0, n, chunk):
        posts, tags, votes = [], [], []
        for pid, created, score, tag, room, values in _rows(n, start, min(n, start + chunk)):
            hot = rules.hot(score, created)
            ups = sum(v > 0 for v in values)
            posts.append((pid, (pid % USERS) + 1, room, f"Post {pid} about {tag}", "Words about an engineering problem.", "", "", f" {tag} ",
                          score, ups, VOTES_PER_POST - ups, 0, hot, created))
            tags.append((tag, pid, hot, score, created))
            votes.extend((pid, ((pid * VOTES_PER_POST + k) % USERS) + 1, v, created) for k, v in enumerate(values))
        with engine.begin() as conn:
            if pg:
                _copy(conn, "post (id, author_id, room_id, title, body, code, language, tags, score, ups, downs, comment_count, hot, created_at)", posts)
                _copy(conn, "post_tag (tag, post_id, hot, score, created_at)", tags)
                _copy(conn, "post_vote (post_id, user_id, value, created_at)", votes)
            else:
                raw = conn.connection.driver_connection
                raw.executemany("INSERT INTO post (id, author_id, room_id, title, body, code, language, tags, score, ups, downs, comment_count, hot, "
                                "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [(*p[:-1], p[-1].isoformat(sep=" ")) for p in posts])
                raw.executemany("INSERT INTO post_tag (tag, post_id, hot, score, created_at) VALUES (?,?,?,?,?)",
                                [(*t[:-1], t[-1].isoformat(sep=" ")) for t in tags])
                raw.executemany("INSERT INTO post_vote (post_id, user_id, value, created_at) VALUES (?,?,?,?)",
                                [(*v[:-1], v[-1].isoformat(sep=" ")) for v in votes])
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        if pg:
            conn.exec_driver_sql("SELECT setval('post_id_seq', (SELECT max(id) FROM post))")


def _copy(conn, target: str, rows: list[tuple]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else (v.isoformat() if isinstance(v, dt.datetime) else str(v)) for v in row) + "\n")
    with conn.connection.driver_connection.cursor().copy(f"COPY {target} FROM STDIN") as copy:
        copy.write(buf.getvalue())


def baseline(conn, query: rules.FeedQuery, cursor: rules.Cursor | None) -> list:
    """The minimal page: the same index walk in raw SQL, ids and titles only."""
    key = {rules.HOT: "hot", rules.TOP: "score", rules.NEW: "id"}[query.sort]
    table, ident, where, binds = "post", "id", ["1=1"], {}
    if query.tag:
        table, ident = "post_tag", "post_id"
        key = {"id": "post_id"}.get(key, key)
        where.append("tag = :tag")
        binds["tag"] = query.tag
    if query.room_id:
        where.append("room_id = :room")
        binds["room"] = query.room_id
    if cursor is not None:
        where.append(f"({key}, {ident}) < (:k, :i)")
        binds.update(k=cursor.key if query.sort == rules.HOT else int(cursor.key), i=cursor.id)
    return conn.execute(sa.text(f"SELECT {ident} FROM {table} WHERE {' AND '.join(where)} ORDER BY {key} DESC, {ident} DESC LIMIT 21"), binds).all()


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def cases(engine: sa.Engine) -> dict[str, tuple[rules.FeedQuery, rules.Cursor | None]]:
    hot = rules.check_feed_query(sort="hot")
    with Session(engine) as s:
        deep = feed.feed_page(session=s, viewer_id=1, query=hot, now=NOW, limit=1000)  # 50 pages down
    cursor = rules.parse_cursor(deep.next_cursor)
    return {
        "hot, page 1": (hot, None),
        "hot, page 51": (hot, cursor),
        "hot, tag": (rules.check_feed_query(sort="hot", tag="cad"), None),
        "hot, room": (rules.check_feed_query(sort="hot", room_id=3), None),
        "new, page 1": (rules.check_feed_query(sort="new"), None),
        "top, all time": (rules.check_feed_query(sort="top", window="all"), None),
        "top, week": (rules.check_feed_query(sort="top", window="week"), None),
    }


def run(url: str, n: int, runs: int, label: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    seed(engine, n)
    print(f"\n{label}: {n:,} posts, {n * VOTES_PER_POST:,} votes seeded in {time.perf_counter() - t0:.0f}s; {runs} runs per page (ms)")
    print(f"{'page':16} {'ours p50':>9} {'ours p95':>9} {'min p50':>8} {'min p95':>8} {'p95 ratio':>9} {'≤30 ms':>7}")
    for name, (query, cursor) in cases(engine).items():
        ours, base = [], []
        for _ in range(runs):
            with Session(engine) as s:
                t = time.perf_counter()
                page = feed.feed_page(session=s, viewer_id=7, query=query, cursor=cursor, now=NOW)
                ours.append((time.perf_counter() - t) * 1000)
            with engine.connect() as conn:
                t = time.perf_counter()
                baseline(conn, query, cursor)
                base.append((time.perf_counter() - t) * 1000)
        assert len(page.cards) == rules.PAGE, (name, len(page.cards))
        o95, b95 = p(ours, 95), p(base, 95)
        print(f"{name:16} {p(ours, 50):9.2f} {o95:9.2f} {p(base, 50):8.2f} {b95:8.2f} {o95 / max(b95, 0.01):9.2f} {'yes' if o95 <= 30 else 'NO':>7}")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--sqlite-only", action="store_true")
    ap.add_argument("--postgres-only", action="store_true")
    a = ap.parse_args()
    if not a.postgres_only:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.db", a.posts, a.runs, "SQLite")
    if a.sqlite_only:
        return
    name = f"engnest_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError:
        print("\nPostgreSQL: not reachable, skipped")
        return
    try:
        run(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", a.posts, a.runs, "PostgreSQL")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
