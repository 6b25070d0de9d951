"""What other features see of a project, kept at save time: the owner's profile copy of the projects they own
(`Profile.current_projects`) and the project's text as strangers read it (redacted of the owner's names once,
when it is saved or when the owner's profile changes, not on every directory read)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.platform.db import unit_of_work
from engnest.profiles.domain import redaction
from engnest.profiles.domain.current_projects import SHOWN_MAX, CurrentProject
from engnest.profiles.models import Profile
from engnest.profiles.services import anonymise, profiles
from engnest.projects.models import TeamProject


def owned(*, session: Session, user_id: int, limit: int = SHOWN_MAX) -> list[TeamProject]:
    return list(session.exec(
        select(TeamProject).where(TeamProject.owner_id == user_id)
        .order_by(col(TeamProject.created_at).desc(), col(TeamProject.id).desc()).limit(limit)
    ))


def owned_count(*, session: Session, user_id: int) -> int:
    return session.exec(select(sa.func.count()).select_from(TeamProject).where(TeamProject.owner_id == user_id)).one()


def do_sync_profile(*, session: Session, owner_id: int, now: dt.datetime) -> None:
    """Hand the owner's profile the projects they own (the newest SHOWN_MAX, listed oldest first as they were
    added); refreshing the profile re-redacts the projects' public text too (`redact_owned`, a refresh hook)."""
    shown = [
        CurrentProject(p.id or 0, p.title, p.summary, tuple(s["name"] for s in p.skills_wanted))
        for p in reversed(owned(session=session, user_id=owner_id))
    ]
    profiles.do_set_current_projects(session=session, user_id=owner_id, projects=shown, now=now)


def _redacted(project: TeamProject, owner: Profile | None) -> tuple[str, str, list[str]]:
    names = [s["name"] for s in project.skills_wanted]
    if owner is None:
        return project.title, project.summary, names
    return (anonymise.redact_for(owner, project.title), anonymise.redact_for(owner, project.summary),
            [anonymise.redact_name_only(owner, n) for n in names])


def redact(project: TeamProject, owner: Profile | None) -> None:
    """Store what a stranger reads of `project` (its owner's names removed); the caller adds the row."""
    project.title_public, project.summary_public, project.skills_public = _redacted(project, owner)
    project.redaction_version = redaction.VERSION


def public_texts(project: TeamProject, owner: Profile | None) -> tuple[str, str, list[str]]:
    """(title, summary, skills) as strangers read them: the stored redaction, or a fresh one if it predates the
    current rules (never the raw text)."""
    if project.redaction_version == redaction.VERSION:
        return project.title_public, project.summary_public, list(project.skills_public)
    return _redacted(project, owner)


def redact_owned(session: Session, profile: Profile) -> None:
    """The owner's profile changed (names, links, hidden words…): re-redact every project they own."""
    for project in session.exec(select(TeamProject).where(TeamProject.owner_id == profile.user_id)):
        redact(project, profile)
        session.add(project)


def do_redact_stale(*, session: Session, batch: int = 200) -> int:
    """Store the public text of up to `batch` projects saved under older redaction rules (or before the text was
    stored at all: every project the migration kept); returns how many."""
    rows = list(session.exec(select(TeamProject).where(TeamProject.redaction_version < redaction.VERSION).order_by(TeamProject.id).limit(batch)))  # type: ignore[arg-type]
    owners = {p.user_id: p for p in session.exec(select(Profile).where(Profile.user_id.in_({r.owner_id for r in rows})))} if rows else {}  # type: ignore[attr-defined]
    for project in rows:
        redact(project, owners.get(project.owner_id))
        session.add(project)
    return len(rows)


def run_redact_stale_job() -> None:
    """What the scheduler runs (registered in projects.wiring): every stale project, a batch per commit."""
    while True:
        with unit_of_work() as session:
            if do_redact_stale(session=session) == 0:
                return
