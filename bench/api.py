"""REST API benchmark (not a test): p50/p95 of `GET /users/me`, `GET /people` (text + discipline search), a
conversation page and a message send, through the real ASGI app (token check, scope, rate limit, service call,
schema, ETag), beside a bare FastAPI handler returning a constant in the same run (the ratio shows what EngNest
adds on top of the framework). SQLite and PostgreSQL (when reachable).

    python bench/api.py                                   # 100,000 users, 1,000,000 messages
    python bench/api.py --users 5000 --messages 20000 --runs 50 --sqlite-only

Messages: user 1 and 2 are collaborators with the requested number of messages between them plus the same again
spread over other collaborator pairs. Calls go in-process (httpx ASGI transport), one at a time.
Targets (issue 15): p95 <= 25 ms for reads, <= 40 ms for writes.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-bench-"))
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ["API_LIMIT_PER_TOKEN"] = os.environ["API_LIMIT_PER_CLIENT"] = "100000000/minute"
os.environ["DM_RATE_LIMIT"] = "100000000/minute"

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from dm_seed import seed_direct  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from search_data import NOW, seed  # noqa: E402

from engnest import features  # noqa: E402
from engnest.accounts.models import (
    ApiToken,  # noqa: E402
    User,  # noqa: E402
)
from engnest.accounts.services import api_tokens as tokens  # noqa: E402
from engnest.migrations import upgrade  # noqa: E402
from engnest.network.models import Collaboration  # noqa: E402
from engnest.platform import db  # noqa: E402
from engnest.platform.http import http_app  # noqa: E402
from engnest.platform.settings import reset_settings_cache  # noqa: E402
from engnest.profiles.domain import redaction  # noqa: E402
from engnest.profiles.models import Profile  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
READ_TARGET_MS, WRITE_TARGET_MS = 25.0, 40.0


def seed_messages(engine: sa.Engine, users: int, messages: int) -> None:
    """Collaborators 1-2 with `messages` messages, and as many again over pairs (k, k+1) of other users."""
    pairs = [(1, 2)] + [(k, k + 1) for k in range(3, min(users, 2001), 2)]
    with engine.begin() as conn:
        conn.execute(sa.update(User.__table__).where(User.__table__.c.id <= 2).values(email_verified_at=NOW))  # may send
        # Stored redactions are current, as the app's refresh job keeps them (a stale one is redone on every read).
        conn.execute(sa.update(Profile.__table__).values(redaction_version=redaction.VERSION))
        conn.execute(sa.insert(Collaboration.__table__), [{"user_low_id": a, "user_high_id": b, "created_at": NOW} for a, b in pairs])
        rows: list[dict] = []
        for i in range(2 * messages):
            a, b = pairs[0] if i < messages else pairs[1 + i % (len(pairs) - 1)]
            sender, recipient = (a, b) if i % 2 else (b, a)
            rows.append({"sender_id": sender, "recipient_id": recipient, "body": f"message {i} about the bracket tolerances",
                         "client_key": uuid.uuid4().hex, "created_at": NOW + dt.timedelta(seconds=i), "read": bool(i % 3)})
        seed_direct(conn, rows)
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('collaboration', 'id'), (SELECT max(id) FROM collaboration))")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/constant")
    async def constant() -> dict:
        return {"ok": True}

    return app


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] * 1000


async def timed(client: httpx.AsyncClient, runs: int, call) -> list[float]:
    for _ in range(3):  # warm-up: caches, compiled statements, pooled connections
        (await call(client)).raise_for_status()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await call(client)
        out.append(time.perf_counter() - started)
        response.raise_for_status()
    return out


async def measure(url: str, runs: int) -> list[tuple[str, list[float], float]]:
    os.environ["DATABASE_URL"] = url
    reset_settings_cache()
    db.dispose_engines()
    with db.unit_of_work() as session:
        _view, raw = tokens.check_create_token(session=session, user_id=1, name="bench", scope="write", expires_in_days=None, now=NOW)
    auth = {"Authorization": f"Bearer {raw}"}
    api = httpx.AsyncClient(transport=httpx.ASGITransport(app=http_app()), base_url="http://bench")
    bare = httpx.AsyncClient(transport=httpx.ASGITransport(app=bare_app()), base_url="http://bench")
    calls = [
        ("GET /users/me", READ_TARGET_MS, lambda c: c.get("/api/v1/users/me", headers=auth)),
        ("GET /people?q=python&discipline=software", READ_TARGET_MS,
         lambda c: c.get("/api/v1/people", params={"q": "python", "discipline": "software"}, headers=auth)),
        ("GET /conversations/2/messages", READ_TARGET_MS, lambda c: c.get("/api/v1/conversations/2/messages", headers=auth)),
        ("POST /conversations/2/messages", WRITE_TARGET_MS,
         lambda c: c.post("/api/v1/conversations/2/messages", json={"body": "On my way"}, headers={**auth, "Idempotency-Key": uuid.uuid4().hex})),
    ]
    results = [("bare FastAPI constant", await timed(bare, runs, lambda c: c.get("/constant")), 0.0)]
    for label, target, call in calls:
        results.append((label, await timed(api, runs, call), target))
    await api.aclose()
    await bare.aclose()
    with db.unit_of_work() as session:
        session.execute(sa.delete(ApiToken))
    return results


def report(title: str, results: list[tuple[str, list[float], float]]) -> None:
    base = pct(results[0][1], 50)
    print(f"\n{title}\n{'call':44} {'p50 ms':>8} {'p95 ms':>8} {'x bare p50':>11} {'target p95':>11}")
    for label, values, target in results:
        p50, p95 = pct(values, 50), pct(values, 95)
        verdict = "" if not target else (f"<= {target:.0f} ok" if p95 <= target else f"<= {target:.0f} MISSED")
        print(f"{label:44} {p50:8.2f} {p95:8.2f} {p50 / base:11.1f} {verdict:>11}")


def run(title: str, url: str, args) -> None:
    upgrade(url)
    engine = db.make_engine(url)
    started = time.perf_counter()
    seed(engine, args.users)
    seed_messages(engine, args.users, args.messages)
    engine.dispose()
    print(f"{title}: seeded {args.users:,} users and {2 * args.messages:,} messages in {time.perf_counter() - started:.0f} s")
    report(title, asyncio.run(measure(url, args.runs)))
    db.dispose_engines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=500_000, help="between users 1 and 2 (as many again elsewhere)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    features.load_web()

    with tempfile.TemporaryDirectory(prefix="engnest-bench-") as tmp:
        run("SQLite (WAL)", f"sqlite:///{tmp}/bench.db", args)
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
    try:
        run("PostgreSQL", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", args)
    finally:
        db.dispose_engines()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
