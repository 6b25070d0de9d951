"""ProjectState for /projects/[project_id]: the page as the caller may see it, joining, deciding requests and the
board. Every handler asks the services, which re-check the caller's role; nothing here decides permissions."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import local_to_utc
from engnest.projects.domain import roles
from engnest.projects.pages.forms import _text
from engnest.projects.services import github, projects, tasks, team

TOAST = "project-action"


def _id(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 10 else None


class ProjectState(rx.State):
    found: bool = False
    loaded: bool = False
    page: projects.ProjectPage = projects.ProjectPage()
    requests: list[team.Pending] = []
    invitation: int = 0
    todo: list[tasks.Card] = []
    doing: list[tasks.Card] = []
    done: list[tasks.Card] = []
    errors: dict[str, str] = {}
    repo: github.RepoView = github.RepoView()

    def _target(self) -> int | None:
        path = self.router.url.path.rstrip("/")
        prefix = routes.PROJECTS + "/"
        return _id(path[len(prefix):]) if path.startswith(prefix) else None

    async def _fetch(self, user: Caller) -> None:
        target = self._target()
        self.found = False
        if target is not None:
            try:
                self.page = await in_session(projects.page_for, project_id=target, viewer_id=user.id)
                self.found = True
            except ValidationFailed:
                pass
        if self.found and roles.can(self.page.role or None, roles.VIEW_TEAM):
            board = await in_session(tasks.board, project_id=self.page.id, viewer_id=user.id, viewer_tz=user.timezone)
            self.todo, self.doing, self.done = board.columns["todo"], board.columns["doing"], board.columns["done"]
            self.requests = await in_session(team.pending_requests, project_id=self.page.id, viewer_id=user.id)
        else:
            self.todo, self.doing, self.done, self.requests = [], [], [], []
        self.invitation = await in_session(team.pending_invitation, project_id=target, user_id=user.id) if self.found and target else 0
        self.repo = await in_session(github.repo_view, project_id=target, viewer_tz=user.timezone) if self.found and target else github.RepoView()
        self.loaded = True

    @rx.event
    async def load(self):
        self.loaded = False
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        await self._fetch(user)
        return None

    async def _call(self, fn, done: str, **kwargs):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            await in_session(fn, **{k: (user.id if v is _ME else v) for k, v in kwargs.items()}, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return rx.toast.error(exc.first(), id=TOAST)
        self.errors = {}
        await self._fetch(user)
        return rx.toast.success(done, id=TOAST)

    @rx.event
    async def request_join(self, form: dict):
        return await self._call(team.request_join, "Request sent.", project_id=self.page.id, user_id=_ME, note=_text(form, "note"))

    @rx.event
    async def decide(self, request_id: int, accept: bool):
        if not isinstance(request_id, int) or not isinstance(accept, bool):
            return None
        return await self._call(team.decide, "Accepted." if accept else "Declined.", request_id=request_id, by=_ME, accept=accept)

    @rx.event
    async def add_task(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        assignee = _id(_text(form, "assignee"))
        due: dt.datetime | None = None
        try:
            if _text(form, "due"):
                due = local_to_utc(dt.datetime.fromisoformat(_text(form, "due")).replace(tzinfo=None), user.timezone)
        except ValueError:
            self.errors = {"due": "Give the due date as a date and time."}
            return None
        return await self._call(tasks.add, "Task added.", project_id=self.page.id, by=_ME, title=_text(form, "title"),
                                description=_text(form, "description"), assignee_id=assignee, due_at=due)

    @rx.event
    async def link_repo(self, form: dict):
        return await self._call(github.link, "Repository linked.", project_id=self.page.id, by=_ME, repo=_text(form, "repo"))

    @rx.event
    async def sync_repo(self):
        return await self._call(github.sync, "Synced with GitHub.", project_id=self.page.id, by=_ME)

    @rx.event
    async def move(self, task_id: int, status: str):
        if not isinstance(task_id, int) or not isinstance(status, str):
            return None
        return await self._call(tasks.move, "Task moved.", task_id=task_id, by=_ME, status=status)


_ME = object()  # stands for the signed-in caller's id in ProjectState._call
