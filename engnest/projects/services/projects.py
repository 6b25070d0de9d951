"""Create and edit projects (owner and maintainers), and read one project's page as a given viewer.

Anonymity: a stranger sees the project (its text redacted of the owner's names) and the owner's anonymised card,
never a name; members see the team's names (see docs/projects.md for how that relates to collaborators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from engnest.discovery.services.cards import PersonCard, cards_for
from engnest.platform import routes
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES
from engnest.profiles.models import Profile
from engnest.projects.domain import roles
from engnest.projects.domain.project import STAGES, Draft, progress
from engnest.projects.models import JoinRequest, ProjectMember, ProjectTask, TeamProject
from engnest.projects.services import access
from engnest.projects.services.matching import do_index_skills
from engnest.projects.services.profile_copy import do_sync_profile, public_texts, redact


def _apply(session: Session, project: TeamProject, draft: Draft, now: dt.datetime) -> None:
    project.title, project.summary, project.disciplines = draft.title, draft.summary, draft.disciplines
    project.skills_wanted = [{"name": s.name, "key": s.key, "level": s.level} for s in draft.skills]
    keys = [s.key for s in draft.skills]
    project.skill_keys = f" {' '.join(keys)} " if keys else ""
    project.stage, project.preference, project.online = draft.stage, draft.preference, draft.online
    project.city, project.city_key, project.links = draft.city, draft.city.lower(), draft.links
    project.updated_at = ensure_aware_utc(now)
    redact(project, session.get(Profile, project.owner_id))


@dataclass(frozen=True)
class CreateProject:
    owner_id: int
    draft: Draft  # checked


@dataclass(frozen=True)
class UpdateProject:
    project_id: int
    draft: Draft  # checked


def check_create(*, session: Session, owner_id: int, draft: Draft) -> CreateProject:
    return CreateProject(owner_id=owner_id, draft=draft.check())


def do_create(*, session: Session, request: CreateProject, now: dt.datetime) -> TeamProject:
    """A new project with its owner as the first member (the caller commits)."""
    project = TeamProject(owner_id=request.owner_id, title=request.draft.title, created_at=ensure_aware_utc(now))
    _apply(session, project, request.draft, now)
    session.add(project)
    session.flush()
    assert project.id is not None
    session.add(ProjectMember(project_id=project.id, user_id=request.owner_id, role="owner", joined_at=ensure_aware_utc(now)))
    do_index_skills(session=session, project=project)
    do_sync_profile(session=session, owner_id=request.owner_id, now=now)
    return project


def create(*, session: Session, owner_id: int, draft: Draft, now: dt.datetime) -> TeamProject:
    return do_create(session=session, request=check_create(session=session, owner_id=owner_id, draft=draft), now=now)


def check_update(*, session: Session, project_id: int, user_id: int, draft: Draft) -> UpdateProject:
    """Owner and maintainers edit the project."""
    access.require(session=session, project_id=project_id, user_id=user_id, action=roles.EDIT)
    return UpdateProject(project_id=project_id, draft=draft.check())


def do_update(*, session: Session, request: UpdateProject, now: dt.datetime) -> TeamProject:
    project = access.get_project(session=session, project_id=request.project_id)
    _apply(session, project, request.draft, now)
    session.add(project)
    do_index_skills(session=session, project=project)
    do_sync_profile(session=session, owner_id=project.owner_id, now=now)
    return project


def update(*, session: Session, project_id: int, user_id: int, draft: Draft, now: dt.datetime) -> TeamProject:
    request = check_update(session=session, project_id=project_id, user_id=user_id, draft=draft)
    return do_update(session=session, request=request, now=now)


@dataclass
class Skill:
    name: str
    level: str


@dataclass
class Member:
    user_id: int
    name: str
    role: str
    url: str


@dataclass
class ProjectPage:
    id: int = 0
    title: str = ""
    summary: str = ""
    disciplines: list[str] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    stage: str = ""
    preference: str = ""
    place: str = ""
    links: list[str] = field(default_factory=list)
    owner: PersonCard = field(default_factory=PersonCard)
    role: str = ""  # the viewer's role, "" for a stranger
    members: list[Member] = field(default_factory=list)  # names: members only
    member_count: int = 0
    progress: int = 0
    pending: str = ""  # the viewer's own pending request or invitation: "request" | "invite" | ""


def page_for(*, session: Session, project_id: int, viewer_id: int | None) -> ProjectPage:
    project = access.get_project(session=session, project_id=project_id)
    role = access.role_of(session=session, project_id=project_id, user_id=viewer_id)
    owner = session.get(Profile, project.owner_id)
    member = roles.can(role, roles.VIEW_TEAM)

    title, summary, skills = (project.title, project.summary, None) if member else public_texts(project, owner)
    levels = [PROFICIENCIES.get(s["level"], "") for s in project.skills_wanted]
    names = [s["name"] for s in project.skills_wanted] if skills is None else skills

    rows = list(session.exec(select(ProjectMember).where(ProjectMember.project_id == project_id).order_by(col(ProjectMember.id))))
    page = ProjectPage(
        id=project_id, title=title, summary=summary,
        disciplines=[DISCIPLINES.get(d, d) for d in project.disciplines],
        skills=[Skill(n, lvl) for n, lvl in zip(names, levels, strict=False)],
        stage=STAGES.get(project.stage, ""), preference=PREFERENCES.get(project.preference, ""),
        place="Online" if project.online else project.city, links=list(project.links), role=role or "",
        member_count=len(rows),
    )
    cards = cards_for(session=session, viewer_id=viewer_id or 0, ids=[project.owner_id])
    if cards:
        page.owner = cards[0]
    if member:
        profiles = {p.user_id: p for p in session.exec(select(Profile).where(Profile.user_id.in_([r.user_id for r in rows])))}  # type: ignore[attr-defined]
        page.members = [
            Member(r.user_id, _name(profiles.get(r.user_id)), roles.ROLES[r.role], routes.person_url(r.user_id)) for r in rows
        ]
        statuses = list(session.exec(select(ProjectTask.status).where(ProjectTask.project_id == project_id)))
        page.progress = progress(statuses)
    elif viewer_id is not None:
        pending = session.exec(select(JoinRequest.kind).where(
            JoinRequest.project_id == project_id, JoinRequest.user_id == viewer_id, JoinRequest.status == "pending")).first()
        page.pending = pending or ""
    return page


def _name(profile: Profile | None) -> str:
    if profile is None:
        return "An engineer"
    return f"{profile.first_name} {profile.last_name}".strip() or "An engineer"


@dataclass
class FormValues:
    """The edit form's fields as the project page fills them (owner and maintainers only)."""

    title: str = ""
    summary: str = ""
    discipline: str = ""
    skills: str = ""  # one a line, "name: level"
    stage: str = ""
    preference: str = ""
    online: bool = False
    city: str = ""
    links: str = ""


def form_values(*, session: Session, project_id: int, user_id: int) -> FormValues:
    project, _ = access.require(session=session, project_id=project_id, user_id=user_id, action=roles.EDIT)
    return FormValues(
        project.title, project.summary, (project.disciplines or [""])[0], "\n".join(f"{s['name']}: {s['level']}" for s in project.skills_wanted),
        project.stage, project.preference, project.online, project.city, " ".join(project.links),
    )
