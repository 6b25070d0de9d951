"""The project page's running of the project: edit it, delete it (owner), and invite people (the people matching
its open skills, anonymised, and the caller's collaborators by name). The services re-check every role."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.projects.domain import roles
from engnest.projects.pages.forms import _text, draft_from
from engnest.projects.pages.project_state import TOAST, ProjectState
from engnest.projects.services import matching, owner_projects, projects, team


class ProjectAdminState(rx.State):
    editing: bool = False
    version: int = 0  # remounts the edit form with freshly loaded values
    values: projects.FormValues = projects.FormValues()
    errors: dict[str, str] = {}
    confirm_delete: bool = False
    people: list[matching.PersonMatch] = []
    choices: list[matching.Choice] = []

    async def _project(self) -> tuple[int | None, ProjectState]:
        page = await self.get_state(ProjectState)
        return page._target(), page

    async def _refresh_invites(self, user_id: int, project_id: int, role: str) -> None:
        if roles.can(role or None, roles.INVITE):
            self.people = await in_session(matching.people_for, project_id=project_id, viewer_id=user_id)
            self.choices = await in_session(matching.invite_choices, project_id=project_id, viewer_id=user_id)
        else:
            self.people, self.choices = [], []

    @rx.event
    async def load(self):
        user = await caller(self)
        self.editing, self.confirm_delete, self.errors = False, False, {}
        project_id, page = await self._project()
        if user is None or project_id is None or not page.found:
            self.people, self.choices = [], []
            return None
        await self._refresh_invites(user.id, project_id, page.page.role)
        return None

    @rx.event
    async def start_edit(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        project_id, _ = await self._project()
        try:
            self.values = await in_session(projects.form_values, project_id=project_id or 0, user_id=user.id)
        except ValidationFailed as exc:
            return rx.toast.error(exc.first(), id=TOAST)
        self.editing, self.errors, self.version = True, {}, self.version + 1
        return None

    @rx.event
    def cancel_edit(self):
        self.editing, self.errors = False, {}

    @rx.event
    async def save(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        project_id, page = await self._project()
        try:
            await in_session(projects.update, project_id=project_id or 0, user_id=user.id, draft=draft_from(form), now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.editing, self.errors = False, {}
        await page._fetch(user)
        return rx.toast.success("Saved the project.", id=TOAST)

    @rx.event
    def ask_delete(self):
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    async def delete(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        project_id, _ = await self._project()
        self.confirm_delete = False
        try:
            await in_session(owner_projects.delete, project_id=project_id or 0, user_id=user.id, now=utcnow())
        except ValidationFailed as exc:
            return rx.toast.error(exc.first(), id=TOAST)
        return [rx.redirect(routes.PROJECTS), rx.toast.success("Deleted the project.", id=TOAST)]

    async def _invite(self, invitee: int | None, note: str):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        project_id, page = await self._project()
        if invitee is None or project_id is None:
            self.errors = {"invite": "Pick someone to invite."}
            return None
        try:
            await in_session(team.invite, project_id=project_id, by=user.id, user_id=invitee, note=note, now=utcnow())
        except ValidationFailed as exc:
            self.errors = {"invite": exc.first()}
            return None
        self.errors = {}
        await self._refresh_invites(user.id, project_id, page.page.role)
        return rx.toast.success("Invitation sent.", id=TOAST)

    @rx.event
    async def invite(self, user_id: int):
        return await self._invite(user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None, "")

    @rx.event
    async def invite_picked(self, form: dict):
        picked = _text(form, "invitee")
        return await self._invite(int(picked) if picked.isdigit() and len(picked) < 10 else None, _text(form, "note"))
