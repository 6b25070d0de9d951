"""The caller's role in a project, and the one check every service runs before it writes or shows team data."""

from __future__ import annotations

from sqlmodel import Session, col, select

from engnest.platform.domain.errors import ValidationFailed
from engnest.projects.domain import roles
from engnest.projects.models import ProjectMember, TeamProject


def role_of(*, session: Session, project_id: int, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.exec(
        select(ProjectMember.role).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)
    ).first()


def get_project(*, session: Session, project_id: int) -> TeamProject:
    project = session.get(TeamProject, project_id)
    if project is None:
        raise ValidationFailed(project="That project does not exist (any more).")
    return project


def require(*, session: Session, project_id: int, user_id: int | None, action: str) -> tuple[TeamProject, str | None]:
    """The project and the caller's role, or ValidationFailed when the role may not do `action`."""
    project = get_project(session=session, project_id=project_id)
    role = role_of(session=session, project_id=project_id, user_id=user_id)
    if user_id is None or not roles.can(role, action):
        raise ValidationFailed(project="You are not allowed to do that in this project.")
    return project, role


def member_ids(*, session: Session, project_id: int, roles_: tuple[str, ...] = tuple(roles.ROLES)) -> list[int]:
    return list(session.exec(
        select(ProjectMember.user_id).where(ProjectMember.project_id == project_id, col(ProjectMember.role).in_(roles_))
        .order_by(col(ProjectMember.id))
    ))
