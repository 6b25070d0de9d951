""""Find a team": the project directory, filtered by a skill wanted, discipline, stage, online or a city; newest
first. Strangers read it, so it shows the titles, summaries and skills stored redacted of each owner's names."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.profiles.domain import redaction
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.domain.profile import skill_key
from engnest.profiles.models import Profile
from engnest.projects.domain.project import STAGES
from engnest.projects.models import TeamProject
from engnest.projects.services.profile_copy import public_texts

PAGE = 20


@dataclass(frozen=True)
class Filters:
    skill: str = ""
    discipline: str = ""
    stage: str = ""
    where: str = ""  # "" any | "online" | a city name


@dataclass
class Row:
    id: int
    title: str
    summary: str
    skills: str
    disciplines: str
    stage: str
    place: str


def find(*, session: Session, filters: Filters, page: int = 1) -> list[Row]:
    stmt = select(TeamProject)
    if filters.skill.strip():
        key = skill_key(filters.skill.strip()).replace("%", "").replace("_", "")
        stmt = stmt.where(TeamProject.skill_keys.like(f"% {key} %"))  # type: ignore[attr-defined]
    if filters.discipline in DISCIPLINES:
        # JSON arrays of short keys: a quoted LIKE is exact on both SQLite and PostgreSQL (JSON cast to text).
        stmt = stmt.where(sa.cast(TeamProject.disciplines, sa.Text).like(f'%"{filters.discipline}"%'))
    if filters.stage in STAGES:
        stmt = stmt.where(TeamProject.stage == filters.stage)
    if filters.where.strip().lower() == "online":
        stmt = stmt.where(TeamProject.online.is_(True))  # type: ignore[attr-defined]
    elif filters.where.strip():
        stmt = stmt.where(TeamProject.city_key == filters.where.strip().lower())
    stmt = stmt.order_by(col(TeamProject.created_at).desc(), col(TeamProject.id).desc()).offset((max(page, 1) - 1) * PAGE).limit(PAGE)
    projects = list(session.exec(stmt))
    stale = {p.owner_id for p in projects if p.redaction_version != redaction.VERSION}  # saved under older rules
    owners = {p.user_id: p for p in session.exec(select(Profile).where(Profile.user_id.in_(stale)))} if stale else {}  # type: ignore[attr-defined]

    rows = []
    for p in projects:
        title, summary, skills = public_texts(p, owners.get(p.owner_id))
        rows.append(Row(p.id or 0, title, summary[:240], ", ".join(skills), ", ".join(DISCIPLINES.get(d, d) for d in p.disciplines),
                        STAGES.get(p.stage, ""), "Online" if p.online else p.city))
    return rows
