""""Find a team" (/projects) and "Start a project" (/projects/new)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import stacked_form, submit_button, text_input
from engnest.platform.ui.shell import app_page
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.projects.components.project_form import project_fields
from engnest.projects.domain.project import STAGES
from engnest.projects.pages.forms import _text, draft_from
from engnest.projects.services import directory, matching, projects


class FindTeamState(rx.State):
    rows: list[directory.Row] = []
    for_you: list[matching.ProjectMatch] = []  # projects that want what the caller knows
    loaded: bool = False

    async def _search(self, form: dict) -> None:
        filters = directory.Filters(_text(form, "skill"), _text(form, "discipline"), _text(form, "stage"), _text(form, "where"))
        self.rows = await in_session(directory.find, filters=filters)
        self.loaded = True

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.for_you = await in_session(matching.projects_for, user_id=user.id)
        await self._search({})
        return None

    @rx.event
    async def search(self, form: dict):
        if await caller(self) is None:
            return to_sign_in(self)
        await self._search(form)
        return None


class NewProjectState(rx.State):
    errors: dict[str, str] = {}

    @rx.event
    async def create(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            project = await in_session(projects.create, owner_id=user.id, draft=draft_from(form), now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors = {}
        return rx.redirect(routes.project_url(project.id or 0))


def _select(name: str, options: dict[str, str], placeholder: str) -> rx.Component:
    return rx.el.select(
        rx.el.option(placeholder, value=""), *[rx.el.option(label, value=key) for key, label in options.items()],
        name=name, id=name, style={"padding": "0.4em"},
    )


def row(r: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(rx.heading(r.title, size="4"), href=routes.PROJECTS + "/" + r.id.to_string(), data_testid="project-link"),
            rx.hstack(rx.badge(r.stage), rx.badge(r.place, color_scheme="gray"), rx.text(r.disciplines, size="2")),
            rx.text(r.summary, size="2", white_space="pre-wrap"),
            rx.cond(r.skills != "", rx.text("Wants: ", r.skills, size="2", color_scheme="gray")),
            spacing="1", width="100%",
        ),
        width="100%",
    )


def match_row(m: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(m.title, href=m.url, weight="bold"), rx.badge(m.stage), rx.badge(m.place, color_scheme="gray"),
        rx.text(m.reason, size="2", color_scheme="gray"), wrap="wrap", data_testid="project-for-you",
    )


def find_team_page() -> rx.Component:
    S = FindTeamState
    return app_page(
        rx.vstack(
            rx.hstack(rx.heading("Find a team", size="7"), rx.spacer(), rx.link(rx.button("Start a project"), href=routes.PROJECT_NEW), width="100%"),
            rx.cond(S.for_you.length() > 0, rx.card(rx.vstack(
                rx.heading("Projects that want what you know", size="4"), rx.foreach(S.for_you, match_row), spacing="2", width="100%",
            ), width="100%", data_testid="projects-for-you")),
            rx.form(
                rx.hstack(
                    text_input("skill", placeholder="Skill wanted", id="filter-skill"),
                    _select("discipline", DISCIPLINES, "Any discipline"), _select("stage", STAGES, "Any stage"),
                    text_input("where", placeholder="City, or online", id="filter-where"),
                    rx.button("Search", type="submit"), wrap="wrap", width="100%",
                ),
                on_submit=S.search, width="100%",
            ),
            rx.cond(S.rows.length() > 0, rx.vstack(rx.foreach(S.rows, row), spacing="3", width="100%", data_testid="projects-list"),
                    rx.cond(S.loaded, rx.text("No project matches. Try fewer filters.", color_scheme="gray"))),
            spacing="4", width="100%",
        ),
        max_width="900px",
    )


def new_project_page() -> rx.Component:
    e = NewProjectState.errors
    return app_page(
        rx.vstack(
            rx.heading("Start a project", size="7"),
            stacked_form(
                *project_fields(e),
                submit_button("Create project"),
                on_submit=NewProjectState.create,
            ),
            spacing="4", width="100%",
        ),
        max_width="720px",
    )


FIND_ON_LOAD = [AuthState.require_login, FindTeamState.load]
NEW_ON_LOAD = [AuthState.require_login]
