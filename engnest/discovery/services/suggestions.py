"""'People to meet' on the home page: a few hundred plausible candidates from indexed queries (people who
know what my projects want, creators whose projects mention what I know, people in my city), ranked by
`domain.suggestions` with a one-line reason each."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.discovery.domain import suggestions as ranking
from engnest.discovery.domain.search import search_terms
from engnest.discovery.services.search_sql import text_match
from engnest.meetings.places import registry
from engnest.network.services import relations
from engnest.platform.domain import geo
from engnest.profiles.domain.profile import skill_key
from engnest.profiles.models import Profile, Project, Skill
from engnest.profiles.services import anonymise

POOL = 300


@dataclass(frozen=True)
class Suggested:
    user_id: int
    reason: str
    score: float


def _person(profile: Profile, skills: list[Skill], projects: list[Project], *, stranger: bool) -> ranking.Person:
    def title(p: Project) -> str:
        return anonymise.redact_for(profile, p.title) if stranger else p.title

    return ranking.Person(
        status=profile.status,
        discipline=profile.discipline,
        preference=profile.preference,
        skills={s.key: anonymise.redact_name_only(profile, s.name) if stranger else s.name for s in skills},
        projects=tuple(ranking.Wants(title(p), {skill_key(w): w for w in p.skills_wanted}) for p in projects),
        reliability=profile.reliability,
    )


def _candidates(session: Session, me: Profile, my_skills: list[Skill], my_projects: list[Project], exclude: set[int]) -> set[int]:
    eligible = sa.select(Profile.user_id).where(Profile.is_complete == sa.true(), Profile.user_id.not_in(sorted(exclude)))
    found: set[int] = set()
    wanted = sorted({skill_key(w) for p in my_projects for w in p.skills_wanted})
    if wanted:  # people who know what my projects want, most matches first
        rows = session.execute(
            sa.select(Skill.user_id).where(Skill.key.in_(wanted), Skill.user_id.in_(eligible))
            .group_by(Skill.user_id).order_by(sa.func.count().desc()).limit(POOL)
        ).scalars()
        found.update(rows)
    terms = search_terms(" ".join(s.name for s in my_skills))
    if terms:  # creators whose projects (or pitch) mention what I know
        stmt, rank = text_match(eligible.where(Profile.status == "creator"), session.get_bind().dialect.name, terms, any_term=True)
        found.update(session.execute(stmt.order_by(rank).limit(POOL)).scalars())
    if me.city_id is not None:  # neighbours
        found.update(session.execute(eligible.where(Profile.city_id == me.city_id).order_by(Profile.created_at.desc()).limit(100)).scalars())
    return found


def suggest(*, session: Session, user_id: int, limit: int = 6) -> list[Suggested]:
    me = session.get(Profile, user_id)
    if me is None:
        return []
    my_skills = list(session.exec(select(Skill).where(Skill.user_id == user_id)))
    my_projects = list(session.exec(select(Project).where(Project.user_id == user_id)))
    exclude = {user_id} | relations.blocked_ids(session=session, user_id=user_id) | relations.collaborator_ids(session=session, user_id=user_id)
    ids = sorted(_candidates(session, me, my_skills, my_projects, exclude))
    if not ids:
        return []
    profiles = list(session.exec(select(Profile).where(Profile.user_id.in_(ids))))
    skills = list(session.exec(select(Skill).where(Skill.user_id.in_(ids))))
    projects = list(session.exec(select(Project).where(Project.user_id.in_(ids))))
    mine = _person(me, my_skills, my_projects, stranger=False)
    max_in_person_km = registry.spot_rules().max_apart_km
    ranked = []
    for profile in profiles:
        theirs = _person(profile, [s for s in skills if s.user_id == profile.user_id], [p for p in projects if p.user_id == profile.user_id], stranger=True)
        km = None
        if None not in (me.city_lat, me.city_lon, profile.city_lat, profile.city_lon):
            km = geo.distance_km((me.city_lat, me.city_lon), (profile.city_lat, profile.city_lon))
        if not ranking.can_work_together(mine, theirs, km, max_in_person_km):
            continue
        result = ranking.rank(mine, theirs, km)
        ranked.append((result.score, profile.discipline, Suggested(profile.user_id, result.reason, result.score)))
    ranked.sort(key=lambda r: (-r[0], r[2].user_id))
    return ranking.diversify(ranked, limit)
