"""The task board: add, assign (a member; the assignee is notified), move between To do, Doing and Done, and read
the board with due dates in the viewer's timezone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from engnest.notifications.services import notifications
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc, format_local
from engnest.projects.domain import roles
from engnest.projects.domain.project import TASK_STATUSES, check_status, check_task_text, progress
from engnest.projects.models import ProjectTask
from engnest.projects.services import access

ASSIGNED = "project_task_assigned"


def _check_assignee(session: Session, project_id: int, assignee_id: int | None) -> None:
    if assignee_id is not None and access.role_of(session=session, project_id=project_id, user_id=assignee_id) is None:
        raise ValidationFailed(assignee="Assign the task to a member of the team.")


def _notify_assigned(session: Session, task: ProjectTask, by: int, now: dt.datetime) -> None:
    if task.assignee_id is not None and task.assignee_id != by:
        project = access.get_project(session=session, project_id=task.project_id)
        notifications.do_notify(
            session=session, user_id=task.assignee_id, kind=ASSIGNED, title=f"New task for you in {project.title}",
            body=task.title, link=routes.project_url(task.project_id), now=now, actor_id=by,
            subject_type="project_task", subject_id=task.id,
        )


@dataclass(frozen=True)
class AddTask:
    project_id: int
    by: int
    title: str
    description: str
    assignee_id: int | None
    due_at: dt.datetime | None


@dataclass(frozen=True)
class AssignTask:
    task_id: int
    by: int
    assignee_id: int | None


@dataclass(frozen=True)
class MoveTask:
    task_id: int
    status: str


def check_add(
    *, session: Session, project_id: int, by: int, title: str, description: str = "", assignee_id: int | None = None,
    due_at: dt.datetime | None = None,
) -> AddTask:
    _, role = access.require(session=session, project_id=project_id, user_id=by, action=roles.ADD_TASK)
    title, description = check_task_text(title, description)
    if assignee_id not in (None, by) and not roles.can(role, roles.ASSIGN):
        raise ValidationFailed(assignee="Only maintainers assign tasks to others.")
    _check_assignee(session, project_id, assignee_id)
    return AddTask(project_id, by, title, description, assignee_id, ensure_aware_utc(due_at) if due_at else None)


def do_add(*, session: Session, request: AddTask, now: dt.datetime) -> ProjectTask:
    task = ProjectTask(
        project_id=request.project_id, title=request.title, description=request.description, assignee_id=request.assignee_id,
        due_at=request.due_at, created_by=request.by, created_at=ensure_aware_utc(now), updated_at=ensure_aware_utc(now),
    )
    session.add(task)
    session.flush()
    _notify_assigned(session, task, request.by, now)
    return task


def add(
    *, session: Session, project_id: int, by: int, title: str, description: str = "", assignee_id: int | None = None,
    due_at: dt.datetime | None = None, now: dt.datetime,
) -> ProjectTask:
    request = check_add(session=session, project_id=project_id, by=by, title=title, description=description, assignee_id=assignee_id, due_at=due_at)
    return do_add(session=session, request=request, now=now)


def _task(session: Session, task_id: int) -> ProjectTask:
    task = session.get(ProjectTask, task_id)
    if task is None:
        raise ValidationFailed(task="That task does not exist (any more).")
    return task


def check_assign(*, session: Session, task_id: int, by: int, assignee_id: int | None) -> AssignTask:
    task = _task(session, task_id)
    access.require(session=session, project_id=task.project_id, user_id=by, action=roles.ASSIGN)
    _check_assignee(session, task.project_id, assignee_id)
    return AssignTask(task_id, by, assignee_id)


def do_assign(*, session: Session, request: AssignTask, now: dt.datetime) -> ProjectTask:
    task = session.get(ProjectTask, request.task_id)
    assert task is not None
    changed = task.assignee_id != request.assignee_id
    task.assignee_id, task.updated_at = request.assignee_id, ensure_aware_utc(now)
    session.add(task)
    session.flush()
    if changed:
        _notify_assigned(session, task, request.by, now)
    return task


def assign(*, session: Session, task_id: int, by: int, assignee_id: int | None, now: dt.datetime) -> ProjectTask:
    return do_assign(session=session, request=check_assign(session=session, task_id=task_id, by=by, assignee_id=assignee_id), now=now)


def check_move(*, session: Session, task_id: int, by: int, status: str) -> MoveTask:
    task = _task(session, task_id)
    status = check_status(status)
    role = access.role_of(session=session, project_id=task.project_id, user_id=by)
    if not roles.can_move_task(role, is_assignee=task.assignee_id == by):
        raise ValidationFailed(task="You are not allowed to move this task.")
    return MoveTask(task_id, status)


def do_move(*, session: Session, request: MoveTask, now: dt.datetime) -> ProjectTask:
    task = session.get(ProjectTask, request.task_id)
    assert task is not None
    task.status, task.updated_at = request.status, ensure_aware_utc(now)
    session.add(task)
    session.flush()
    return task


def move(*, session: Session, task_id: int, by: int, status: str, now: dt.datetime) -> ProjectTask:
    return do_move(session=session, request=check_move(session=session, task_id=task_id, by=by, status=status), now=now)


@dataclass
class Card:
    id: int
    title: str
    description: str
    assignee_id: int
    due: str  # in the viewer's timezone, "" without a due date


@dataclass
class Board:
    columns: dict[str, list[Card]] = field(default_factory=dict)
    progress: int = 0


def board(*, session: Session, project_id: int, viewer_id: int, viewer_tz: str) -> Board:
    access.require(session=session, project_id=project_id, user_id=viewer_id, action=roles.VIEW_TEAM)
    tasks = list(session.exec(select(ProjectTask).where(ProjectTask.project_id == project_id).order_by(col(ProjectTask.id))))
    out = Board({s: [] for s in TASK_STATUSES}, progress([t.status for t in tasks]))
    for t in tasks:
        out.columns[t.status].append(
            Card(t.id or 0, t.title, t.description, t.assignee_id or 0, format_local(t.due_at, viewer_tz) if t.due_at else "")
        )
    return out
