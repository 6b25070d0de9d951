"""Find a team at scale (issue 14): p50/p95 of the project directory's searches over N projects, beside a raw-SQL
baseline for the same query measured in the same run (same WHERE, ORDER BY and LIMIT, rows only: no ORM), and the
ratio ours/raw. Projects are seeded as a save stores them (the public text stored, redaction_version current; the
stored text here is the seed's own stand-in, the read path only reads it); a last pass marks every row as stored
under older rules, which makes the directory redact at read time as it did before the text was stored.

    python bench/projects_directory.py                       # 100,000 projects, SQLite (+ PostgreSQL if reachable)
    python bench/projects_directory.py --projects 10000 --runs 10 --sqlite-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from engnest.migrations import upgrade  # noqa: E402
from engnest.platform.db import make_engine  # noqa: E402
from engnest.profiles.domain import redaction  # noqa: E402
from engnest.projects.services import directory  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DISCIPLINES = ["mechanical", "electrical", "civil", "software", "chemical", "aerospace", "biomedical"]
SKILLS = ["CAD", "FEA", "Python", "Rust", "PCB Design", "Optics", "CFD", "Welding", "Embedded C", "Power Electronics"]
CITIES = ["London", "Leeds", "Paris", "Berlin", "Tokyo", "Lagos", "Toronto"]
STAGES = ["idea", "prototype", "building", "launched"]
QUERIES = {
    "no filters, newest": directory.Filters(),
    "skill": directory.Filters(skill="optics"),
    "skill + discipline + stage": directory.Filters(skill="cad", discipline="mechanical", stage="prototype"),
    "online + stage": directory.Filters(stage="building", where="online"),
    "city + discipline": directory.Filters(discipline="civil", where="Leeds"),
    "rare skill (scans)": directory.Filters(skill="nosuchskill"),
}
OWNERS = 2000


def seed(engine: sa.Engine, n: int) -> None:
    rnd = random.Random(14)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO user_account (id, email, timezone, password_hash, birth_date, timezone_auto, email_notifications, created_at, password_changed_at) "
            "VALUES (:id, :email, 'UTC', 'x', '1990-01-01', true, true, :at, :at)"), [{"id": i, "email": f"u{i}@example.com", "at": at} for i in range(1, OWNERS + 1)])
        conn.execute(sa.text(
            "INSERT INTO profile (user_id, first_name, last_name, pitch, status, discipline, preference, city_name, city_country, city_timezone, "
            "github_url, linkedin_url, portfolio_url, is_complete, created_at, updated_at) VALUES (:id, :first, 'Smith', '', 'creator', 'civil', "
            "'hybrid', 'Leeds', '', '', '', '', '', true, :at, :at)"), [{"id": i, "first": f"Name{i}", "at": at} for i in range(1, OWNERS + 1)])
        rows = []
        for i in range(n):
            skills = rnd.sample(SKILLS, 3)
            online = rnd.random() < 0.3
            city = "" if online else rnd.choice(CITIES)
            rows.append({
                "owner_id": rnd.randint(1, OWNERS), "title": f"Project {i}", "summary": f"Name{i % OWNERS} builds thing {i} with friends.",
                "disciplines": f'["{rnd.choice(DISCIPLINES)}"]',
                "skills_wanted": "[" + ", ".join(f'{{"name": "{s}", "key": "{s.lower().replace(" ", "")}", "level": "expert"}}' for s in skills) + "]",
                "skill_keys": " " + " ".join(s.lower().replace(" ", "") for s in skills) + " ", "stage": rnd.choice(STAGES),
                "preference": "hybrid", "online": online, "city": city, "city_key": city.lower(), "links": "[]",
                "created_at": at + dt.timedelta(minutes=i), "updated_at": at,
                "title_public": f"Project {i}", "summary_public": "[name] builds thing {i} with friends.",
                "skills_public": "[" + ", ".join(f'"{s}"' for s in skills) + "]", "redaction_version": redaction.VERSION,
            })
        stmt = sa.text(
            "INSERT INTO team_project (owner_id, title, summary, disciplines, skills_wanted, skill_keys, stage, preference, online, city, city_key, links, "
            "created_at, updated_at, title_public, summary_public, skills_public, redaction_version) "
            "VALUES (:owner_id, :title, :summary, :disciplines, :skills_wanted, :skill_keys, :stage, :preference, :online, :city, :city_key, :links, "
            ":created_at, :updated_at, :title_public, :summary_public, :skills_public, :redaction_version)")
        for start in range(0, n, 5000):
            conn.execute(stmt, rows[start:start + 5000])


def raw(conn, f: directory.Filters, pg: bool) -> list:
    where, binds = ["1=1"], {}
    if f.skill:
        where.append("skill_keys LIKE :skill")
        binds["skill"] = f"% {f.skill} %"
    if f.discipline:
        where.append(("CAST(disciplines AS TEXT)" if pg else "disciplines") + " LIKE :disc")
        binds["disc"] = f'%"{f.discipline}"%'
    if f.stage:
        where.append("stage = :stage")
        binds["stage"] = f.stage
    if f.where == "online":
        where.append("online = " + ("true" if pg else "1"))
    elif f.where:
        where.append("city_key = :city")
        binds["city"] = f.where.lower()
    sql = f"SELECT * FROM team_project WHERE {' AND '.join(where)} ORDER BY created_at DESC, id DESC LIMIT 20"
    return conn.execute(sa.text(sql), binds).all()


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def run(url: str, n: int, runs: int, label: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    seed(engine, n)
    print(f"\n{label}: {n:,} projects seeded in {time.perf_counter() - t0:.1f}s; {runs} runs per query (ms)")
    print(f"{'query':32} {'ours p50':>9} {'ours p95':>9} {'raw p50':>8} {'raw p95':>8} {'p95 ratio':>9}")
    pg = engine.dialect.name == "postgresql"
    measure(engine, runs, pg, QUERIES)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE team_project SET redaction_version = 0"))
    print("redacted at read time (before the text was stored):")
    measure(engine, runs, pg, {"no filters, newest": QUERIES["no filters, newest"]})
    engine.dispose()


def measure(engine: sa.Engine, runs: int, pg: bool, queries: dict[str, directory.Filters]) -> None:
    for name, f in queries.items():
        ours, base = [], []
        for _ in range(runs):
            with Session(engine) as s:
                t = time.perf_counter()
                directory.find(session=s, filters=f)
                ours.append((time.perf_counter() - t) * 1000)
            with engine.connect() as conn:
                t = time.perf_counter()
                raw(conn, f, pg)
                base.append((time.perf_counter() - t) * 1000)
        print(f"{name:32} {p(ours, 50):9.1f} {p(ours, 95):9.1f} {p(base, 50):8.1f} {p(base, 95):8.1f} {p(ours, 95) / max(p(base, 95), 0.01):9.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--sqlite-only", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", a.projects, a.runs, "SQLite")
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
        run(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", a.projects, a.runs, "PostgreSQL")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
