"""'People to meet' on the home page: a few hundred plausible candidates from indexed queries (people who
know what my projects want, creators whose projects mention what I know, people in my city), ranked by
`domain.suggestions` with a one-line reason each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.discovery.domain import suggestions as ranking
from engnest.discovery.domain.search import search_terms
from engnest.discovery.services.search_sql import id_in, text_match
from engnest.meetings.places import registry
from engnest.network.services import relations
from engnest.platform.domain import geo
from engnest.profiles.domain.current_projects import CurrentProject, from_stored
from engnest.profiles.domain.profile import skill_key
from engnest.profiles.models import Profile, Skill
from engnest.profiles.services import anonymise

POOL = 300


@dataclass(frozen=True)
class Suggested:
    user_id: int
    reason: str
    score: float


def _person(profile: Profile, skills: list[Skill], projects: list[CurrentProject], *, stranger: bool) -> ranking.Person:
    def title(p: CurrentProject) -> str:
        return anonymise.redact_for(profile, p.title) if stranger else p.title

    return ranking.Person(
        status=profile.status,
        discipline=profile.discipline,
        preference=profile.preference,
        skills={s.key: anonymise.redact_name_only(profile, s.name) if stranger else s.name for s in skills},
        projects=tuple(ranking.Wants(title(p), {skill_key(w): w for w in p.wants}) for p in projects),
        reliability=profile.reliability,
    )


def _scoring_person(row: sa.Row[Any], skills: list[sa.Row[Any]]) -> ranking.Person:
    """A candidate as far as the score sees them: skill keys and wanted keys (names stay unredacted here and are
    never shown; the shown few are rebuilt with `_person`, redacted)."""
    return ranking.Person(
        status=row.status,
        discipline=row.discipline,
        preference=row.preference,
        skills={s.key: "" for s in skills},
        projects=tuple(ranking.Wants("", {skill_key(w): "" for w in p.wants}) for p in from_stored(row.current_projects)),
        reliability=row.reliability,
    )


def _candidates(session: Session, me: Profile, my_skills: list[Skill], my_projects: list[CurrentProject], exclude: set[int]) -> set[int]:
    # Everyone excluded (blocked, collaborators: thousands for someone who meets a lot) as one bound value,
    # not thousands of parameters rendered into each of the three queries.
    dialect = session.get_bind().dialect.name
    eligible = sa.select(col(Profile.user_id)).where(col(Profile.is_complete) == sa.true(), sa.not_(id_in(col(Profile.user_id), exclude, dialect, "excluded")))
    found: set[int] = set()
    wanted = sorted({skill_key(w) for p in my_projects for w in p.wants})
    if wanted:  # people who know what my projects want, most matches first
        rows = session.execute(
            sa.select(col(Skill.user_id)).where(col(Skill.key).in_(wanted), col(Skill.user_id).in_(eligible))
            .group_by(col(Skill.user_id)).order_by(sa.func.count().desc()).limit(POOL)
        ).scalars()
        found.update(rows)
    terms = search_terms(" ".join(s.name for s in my_skills))
    if terms:  # creators whose projects (or pitch) mention what I know
        stmt, rank = text_match(eligible.where(col(Profile.status) == "creator"), dialect, terms, any_term=True)
        found.update(session.execute(stmt.order_by(rank).limit(POOL)).scalars())
    if me.city_id is not None:  # neighbours
        found.update(session.execute(eligible.where(col(Profile.city_id) == me.city_id).order_by(col(Profile.created_at).desc()).limit(100)).scalars())
    return found


def suggest(*, session: Session, user_id: int, limit: int = 6) -> list[Suggested]:
    me = session.get(Profile, user_id)
    if me is None:
        return []
    my_skills = list(session.exec(select(Skill).where(Skill.user_id == user_id)))
    my_projects = from_stored(me.current_projects)
    exclude = {user_id} | relations.blocked_ids(session=session, user_id=user_id) | relations.collaborator_ids(session=session, user_id=user_id)
    ids = sorted(_candidates(session, me, my_skills, my_projects, exclude))
    if not ids:
        return []
    # Score every candidate from the few columns the score reads (one pass, grouped by person), then redact
    # and explain only the ones shown: redacting ~300 candidates' texts per view was most of its time.
    dialect = session.get_bind().dialect.name
    rows = session.execute(
        sa.select(col(Profile.user_id), col(Profile.status), col(Profile.discipline), col(Profile.preference), col(Profile.reliability), col(Profile.city_lat), col(Profile.city_lon),
                  col(Profile.current_projects))
        .where(id_in(col(Profile.user_id), ids, dialect, "candidates"))
    ).all()
    skills_of: dict[int, list[sa.Row[Any]]] = defaultdict(list)
    for skill in session.execute(sa.select(col(Skill.user_id), col(Skill.key)).where(id_in(col(Skill.user_id), ids, dialect, "candidates"))):
        skills_of[skill.user_id].append(skill)
    mine = _person(me, my_skills, my_projects, stranger=False)
    max_in_person_km = registry.spot_rules().max_apart_km
    ranked = []
    distances: dict[int, float | None] = {}
    for row in rows:
        theirs = _scoring_person(row, skills_of[row.user_id])
        km = None
        if me.city_lat is not None and me.city_lon is not None and row.city_lat is not None and row.city_lon is not None:
            km = geo.distance_km(geo.LatLon(me.city_lat, me.city_lon), geo.LatLon(row.city_lat, row.city_lon))
        if not ranking.can_work_together(mine, theirs, km, max_in_person_km):
            continue
        distances[row.user_id] = km
        ranked.append((ranking.score(mine, theirs, km), row.discipline, row.user_id))
    ranked.sort(key=lambda r: (-r[0], r[2]))
    picked: list[int] = ranking.diversify(ranked, limit)
    return _explained(session, mine, picked, distances)


def _explained(session: Session, mine: ranking.Person, picked: list[int], distances: dict[int, float | None]) -> list[Suggested]:
    """The picked candidates with the reason shown, from their texts as a stranger may read them."""
    if not picked:
        return []
    profiles = {p.user_id: p for p in session.exec(select(Profile).where(col(Profile.user_id).in_(picked)))}
    skills: dict[int, list[Skill]] = defaultdict(list)
    for skill in session.exec(select(Skill).where(col(Skill.user_id).in_(picked))):
        skills[skill.user_id].append(skill)
    out = []
    for uid in picked:
        result = ranking.rank(mine, _person(profiles[uid], skills[uid], from_stored(profiles[uid].current_projects), stranger=True), distances[uid])
        out.append(Suggested(uid, result.reason, result.score))
    return out
