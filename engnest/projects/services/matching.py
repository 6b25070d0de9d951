"""Matching (issue 14 item 5): people for a project's open skills, and projects for a person, each with the
one-line reason of the suggestions engine (discovery.domain.suggestions: the project plays a creator whose one
project wants its skills; the person plays a recruit who knows theirs).

Neither reads everything: candidates come through indexes (people by `skill.key`, projects by
`project_skill(key, project_id)`, a row per skill a project wants, kept at every save), at most POOL of them are
scored, and only the shown few are redacted and explained."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.discovery.domain import suggestions as ranking
from engnest.discovery.services.cards import cards_for
from engnest.network.services import relations
from engnest.platform import routes
from engnest.profiles.models import Profile, Skill
from engnest.projects.domain import roles
from engnest.projects.domain.project import STAGES
from engnest.projects.models import JoinRequest, ProjectMember, ProjectSkill, TeamProject
from engnest.projects.services import access
from engnest.projects.services.profile_copy import public_texts

POOL = 300


def do_index_skills(*, session: Session, project: TeamProject) -> None:
    """Keep `project_skill` equal to the project's wanted skill keys (the caller saves the project)."""
    assert project.id is not None
    session.execute(sa.delete(ProjectSkill).where(ProjectSkill.project_id == project.id))  # type: ignore[arg-type]
    for key in sorted({s["key"][:40] for s in project.skills_wanted if s.get("key")}):
        session.add(ProjectSkill(project_id=project.id, key=key))
    session.flush()


@dataclass
class PersonMatch:
    user_id: int
    label: str  # the name for a collaborator, else the anonymised headline and approximate place
    reason: str
    url: str


@dataclass
class ProjectMatch:
    id: int
    title: str
    stage: str
    place: str
    reason: str
    url: str


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


def _wants(project: TeamProject, title: str) -> ranking.Wants:
    return ranking.Wants(title, {s["key"]: s["name"] for s in project.skills_wanted})


def people_for(*, session: Session, project_id: int, viewer_id: int, limit: int = 6) -> list[PersonMatch]:
    """People whose skills cover what the project wants, for its owner and maintainers (they can invite them):
    never a member, someone already asked or invited, someone blocked either way, or an incomplete profile."""
    project, _ = access.require(session=session, project_id=project_id, user_id=viewer_id, action=roles.INVITE)
    keys = sorted({s["key"] for s in project.skills_wanted})
    if not keys:
        return []
    taken = select(ProjectMember.user_id).where(ProjectMember.project_id == project_id)
    asked = select(JoinRequest.user_id).where(JoinRequest.project_id == project_id, JoinRequest.status == "pending")
    blocked = relations.blocked_ids(session=session, user_id=viewer_id) | relations.blocked_ids(session=session, user_id=project.owner_id)
    stmt = (
        sa.select(col(Skill.user_id)).join(Profile, col(Profile.user_id) == Skill.user_id)
        .where(col(Skill.key).in_(keys), col(Profile.is_complete) == sa.true(), col(Skill.user_id).not_in(taken),
               col(Skill.user_id).not_in(asked))
        .group_by(col(Skill.user_id)).order_by(sa.func.count().desc(), col(Skill.user_id)).limit(POOL + len(blocked))
    )
    ids = [uid for uid in session.execute(stmt).scalars() if uid not in blocked][:POOL]
    if not ids:
        return []
    mine = ranking.Person(status="creator", discipline=(project.disciplines or [""])[0], preference=project.preference,
                          projects=(_wants(project, project.title),))
    profiles = {p.user_id: p for p in session.exec(select(Profile).where(col(Profile.user_id).in_(ids)))}
    skills: dict[int, dict[str, str]] = defaultdict(dict)
    for row in session.execute(sa.select(col(Skill.user_id), col(Skill.key), col(Skill.name)).where(col(Skill.user_id).in_(ids)).order_by(col(Skill.id))):
        skills[row.user_id][row.key] = row.name
    people = {uid: ranking.Person(status=p.status, discipline=p.discipline, preference=p.preference, skills=skills[uid],
                                  reliability=p.reliability) for uid, p in profiles.items()}
    ranked = sorted(((ranking.score(mine, person, None), uid) for uid, person in people.items()), key=lambda r: (-r[0], r[1]))[:limit]
    picked = [uid for _, uid in ranked]
    cards = {c.user_id: c for c in cards_for(session=session, viewer_id=viewer_id, ids=picked)}
    out = []
    for uid in picked:
        card = cards.get(uid)
        if card is None:
            continue
        label = card.full.name or " · ".join(x for x in (card.headline, card.place) if x)
        # The reason names the person's skills as their card shows them (redacted of their names; same order).
        shown = ranking.Person(status=people[uid].status, discipline=people[uid].discipline, preference=people[uid].preference,
                               skills={k: c.name for k, c in zip(skills[uid], card.skills, strict=False)}, reliability=people[uid].reliability)
        out.append(PersonMatch(uid, label, _sentence(ranking.rank(mine, shown, None).reason), card.url))
    return out


def projects_for(*, session: Session, user_id: int, limit: int = 6) -> list[ProjectMatch]:
    """Projects that want what `user_id` knows, most skills covered first; not their own or ones they are on,
    not ones they already asked to join, not ones owned by someone blocked either way."""
    knows = {row.key: row.name for row in session.execute(sa.select(col(Skill.key), col(Skill.name)).where(col(Skill.user_id) == user_id))}
    if not knows:
        return []
    mine_or_joined = select(ProjectMember.project_id).where(ProjectMember.user_id == user_id)
    asked = select(JoinRequest.project_id).where(JoinRequest.user_id == user_id, JoinRequest.status == "pending")
    stmt = (
        sa.select(col(ProjectSkill.project_id)).where(
            col(ProjectSkill.key).in_(sorted(knows)), col(ProjectSkill.project_id).not_in(mine_or_joined),
            col(ProjectSkill.project_id).not_in(asked))
        .group_by(col(ProjectSkill.project_id)).order_by(sa.func.count().desc(), col(ProjectSkill.project_id).desc()).limit(POOL)
    )
    ids = list(session.execute(stmt).scalars())
    if not ids:
        return []
    blocked = relations.blocked_ids(session=session, user_id=user_id)
    projects = [p for p in session.exec(select(TeamProject).where(TeamProject.id.in_(ids))) if p.owner_id not in blocked]  # type: ignore[union-attr]
    me = session.get(Profile, user_id)
    person = ranking.Person(status="recruit", discipline=me.discipline if me else "", skills=knows)
    scored = sorted(((ranking.score(person, ranking.Person(status="creator", projects=(_wants(p, ""),)), None), p) for p in projects),
                    key=lambda r: (-r[0], -(r[1].id or 0)))[:limit]
    owners = {p.user_id: p for p in session.exec(select(Profile).where(Profile.user_id.in_({p.owner_id for _, p in scored})))}  # type: ignore[attr-defined]
    out = []
    for _, project in scored:
        title, _, _ = public_texts(project, owners.get(project.owner_id))
        them = ranking.Person(status="creator", projects=(_wants(project, title),))
        out.append(ProjectMatch(project.id or 0, title, STAGES.get(project.stage, ""), "Online" if project.online else project.city,
                                _sentence(ranking.rank(person, them, None).reason), routes.project_url(project.id or 0)))
    return out


@dataclass
class Choice:
    user_id: int
    name: str


def invite_choices(*, session: Session, project_id: int, viewer_id: int) -> list[Choice]:
    """The invite picker's named people: the caller's collaborators (whose names they see) who are not on the team,
    not already asked or invited and not blocked; everyone else is invited from `people_for` (anonymised)."""
    access.require(session=session, project_id=project_id, user_id=viewer_id, action=roles.INVITE)
    ids = relations.collaborator_ids(session=session, user_id=viewer_id) - relations.blocked_ids(session=session, user_id=viewer_id)
    if not ids:
        return []
    taken = set(session.exec(select(ProjectMember.user_id).where(ProjectMember.project_id == project_id)))
    taken |= set(session.exec(select(JoinRequest.user_id).where(JoinRequest.project_id == project_id, JoinRequest.status == "pending")))
    rows = session.exec(select(Profile).where(Profile.user_id.in_(ids - taken)))  # type: ignore[attr-defined]
    return sorted((Choice(p.user_id, f"{p.first_name} {p.last_name}".strip() or "An engineer") for p in rows), key=lambda c: c.name.lower())
