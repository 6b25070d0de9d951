"""Bulk demo data for bench/search.py: N complete-ish profiles with skills, projects and search documents,
in cities of the US, UK, Japan and Australia weighted by population. Inserted with SQLAlchemy Core in
chunks (the services would take minutes at 100k); the texts use the same shapes the services store."""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from devdata.seed import PITCH_CLOSERS, PITCH_MIDDLES, PITCH_OPENERS, PROJECT_IDEAS, SKILLS_BY_DISCIPLINE
from engnest.accounts.models import User
from engnest.network.models import Block
from engnest.platform.places.gazetteer import gazetteer
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.domain.profile import skill_key
from engnest.profiles.models import Profile, Skill

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
CHUNK = 5_000
LONDON = "London, United Kingdom"


def _pitch(rng: random.Random, discipline: str, skills: list[str], project) -> str:
    values = {
        "first": "[name]",
        "discipline": DISCIPLINES[discipline].lower(),
        "discipline_cap": DISCIPLINES[discipline],
        "skill_a": skills[0],
        "skill_b": skills[-1],
        "project": project[0].lower() if project else "a new idea",
        "wanted": ", ".join(project[2]) if project else skills[0],
    }
    return " ".join(rng.choice(part).format(**values) for part in (PITCH_OPENERS, PITCH_MIDDLES, PITCH_CLOSERS))


def _rows(n: int, rng: random.Random):
    cities = gazetteer().in_countries({"US", "GB", "JP", "AU"}, min_population=15_000)
    weights = [c.population for c in cities]
    london = gazetteer().resolve(LONDON)
    disciplines = list(SKILLS_BY_DISCIPLINE)
    for uid in range(1, n + 1):
        city = london if uid == 1 else rng.choices(cities, weights)[0]
        discipline = rng.choice(disciplines)
        names = rng.sample(SKILLS_BY_DISCIPLINE[discipline], k=min(len(SKILLS_BY_DISCIPLINE[discipline]), rng.randint(2, 5)))
        creator = rng.random() < 0.45
        project = rng.choice(PROJECT_IDEAS[discipline]) if creator else None
        pitch = _pitch(rng, discipline, names, project)
        doc = [pitch, DISCIPLINES[discipline], *names]
        if project:
            doc += [project[0], project[1], *project[2]]
        created = NOW - dt.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        user = {"id": uid, "email": f"bench{uid}@example.com", "password_hash": "x", "birth_date": dt.date(1990, 1, 1),
                "timezone": city.timezone, "timezone_auto": True, "created_at": created, "password_changed_at": created}
        profile = {
            "user_id": uid, "first_name": "Bench", "last_name": f"User{uid}", "pitch": pitch, "pitch_redacted": pitch,
            "redaction_version": 1, "search_doc": "\n".join(doc), "status": "creator" if creator else "recruit",
            "discipline": discipline, "preference": rng.choice(["in_person", "online", "hybrid"]) if creator else "",
            "city_id": city.id, "city_name": city.label, "city_country": city.country, "city_lat": city.lat, "city_lon": city.lon,
            "city_timezone": city.timezone, "github_url": "", "linkedin_url": "", "portfolio_url": "", "avatar_file": None,
            "is_complete": uid == 1 or rng.random() < 0.95, "reliability": round(rng.uniform(0.5, 1.0), 3) if rng.random() < 0.6 else None,
            "created_at": created, "updated_at": created,
            # The profile's copy of the projects its owner has (engnest.projects keeps it; the id is the bench's own,
            # the people search and cards read only this copy).
            "current_projects": [{"id": uid, "title": project[0], "description": project[1], "wants": list(project[2])}] if project else [],
            "project_count": 1 if project else 0,
        }
        skills = [{"user_id": uid, "name": s, "key": skill_key(s), "proficiency": rng.choice(["beginner", "intermediate", "expert"])} for s in names]
        yield user, profile, skills


def seed(engine: sa.Engine, n: int, rng_seed: int = 7) -> None:
    rng = random.Random(rng_seed)
    batch: dict[str, list] = {"user": [], "profile": [], "skill": []}

    def flush(conn) -> None:
        for table, key in ((User.__table__, "user"), (Profile.__table__, "profile"), (Skill.__table__, "skill")):
            if batch[key]:
                conn.execute(sa.insert(table), batch[key])
                batch[key] = []

    with engine.begin() as conn:
        for user, profile, skills in _rows(n, rng):
            batch["user"].append(user)
            batch["profile"].append(profile)
            batch["skill"] += skills
            if len(batch["user"]) >= CHUNK:
                flush(conn)
        flush(conn)
        blocked = rng.sample(range(2, n + 1), 20)
        conn.execute(sa.insert(Block.__table__), [{"blocker_id": 1, "blocked_id": b, "created_at": NOW} for b in blocked])
        if engine.dialect.name == "postgresql":
            for table in ("user_account", "skill", "block"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def online_ids(n: int, share: float = 0.02, rng_seed: int = 11) -> set[int]:
    rng = random.Random(rng_seed)
    return set(rng.sample(range(2, n + 1), int(n * share)))
