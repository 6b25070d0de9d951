"""The profile page's "Current projects" editor. Projects belong to this feature: the editor writes through
`owner_projects` (a new project takes the rest of its fields from the profile) and lists the copy the profile
keeps; the profile page's own state reloads from the profile push every save sends. Registered into the profile
page by projects.web."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.ui.form_input import text_fields
from engnest.platform.ui.forms import field, field_error, saved_note, section_card, stacked_form, submit_button, text_input
from engnest.profiles.services import profiles
from engnest.projects.services import owner_projects


@dataclasses.dataclass
class OwnProject:
    id: str = ""
    title: str = ""
    description: str = ""
    skills: str = ""  # the skills wanted, comma-separated ("" when none)


class ProjectsState(rx.State):
    projects: list[OwnProject] = []
    editing_id: str = ""
    errors: dict[str, str] = {}
    saved: str = ""

    async def _reload(self, user_id: int) -> None:
        shown = await in_session(profiles.list_projects, user_id=user_id)
        self.projects = [OwnProject(str(p.id), p.title, p.description, ", ".join(p.wants)) for p in shown]

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return None  # the profile page's own load sends the visitor to sign in
        self.errors, self.saved, self.editing_id = {}, "", ""
        await self._reload(user.id)
        return None

    async def _run(self, fn, success: str, **kwargs):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        try:
            await in_session(fn, user_id=user.id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.saved, self.editing_id = success, ""
        await self._reload(user.id)
        return None

    @rx.event
    def edit(self, project_id: str):
        self.editing_id = str(project_id)[:12]

    @rx.event
    def cancel_edit(self):
        self.editing_id = ""

    @rx.event
    async def save(self, form: dict):
        """Add a project (no `project_id`) or save the one being edited. Every field must arrive as text."""
        project_id = parse_id(form.get("project_id")) if isinstance(form, dict) else None
        values, missing = text_fields(form, "project_title", "project_description", "project_skills")
        if missing:
            self.errors, self.saved = missing, ""
            return None
        return await self._run(
            owner_projects.save_project, "Saved the project.", project_id=project_id, title=values["project_title"],
            description=values["project_description"], skills_wanted=values["project_skills"],
        )

    @rx.event
    async def remove(self, project_id: str):
        pid = parse_id(project_id)
        if pid is None:
            return None
        return await self._run(owner_projects.remove_project, "Removed the project.", project_id=pid)


def project_form(project: rx.Var | None = None) -> rx.Component:
    """The add form (no `project`) and the edit form inside a project's card. Their field ids differ: with
    one id for both, the form read the other (unmounted) form's empty field and saved the title "None".
    Only one card is edited at a time, so the edit form's ids are unique on the page."""
    e = ProjectsState.errors
    get = (lambda key: getattr(project, key)) if project is not None else (lambda key: "")
    prefix = "project-edit" if project is not None else "project-new"
    return stacked_form(
        rx.el.input(type="hidden", name="project_id", value=get("id") if project is not None else ""),
        field("Project title", text_input("project_title", id=f"{prefix}-title", default_value=get("title")), e, "project_title", field_id=f"{prefix}-title"),
        field(
            "Description",
            rx.text_area(name="project_description", id=f"{prefix}-description", default_value=get("description"), rows="3", width="100%"),
            e,
            "project_description",
            field_id=f"{prefix}-description",
        ),
        field(
            "Skills wanted", text_input("project_skills", id=f"{prefix}-skills", default_value=get("skills"), placeholder="CAD, FEA, Python"),
            e, "project_skills", hint="Separate skills with commas.", field_id=f"{prefix}-skills",
        ),
        rx.hstack(
            submit_button("Save project", data_testid="save-project" if project is None else "save-edited-project"),
            *([rx.button("Cancel", variant="ghost", type="button", on_click=ProjectsState.cancel_edit)] if project is not None else []),
        ),
        on_submit=ProjectsState.save,
        reset_on_submit=project is None,
    )


def project_card(project: rx.Var) -> rx.Component:
    return rx.card(
        rx.cond(
            ProjectsState.editing_id == project.id,
            project_form(project),
            rx.vstack(
                rx.hstack(
                    rx.heading(project.title, size="3"),
                    rx.spacer(),
                    rx.link("Open", href=routes.PROJECTS + "/" + project.id, size="2"),
                    rx.button("Edit", size="1", variant="soft", on_click=ProjectsState.edit(project.id)),
                    rx.button("Remove", size="1", variant="soft", color_scheme="red", on_click=ProjectsState.remove(project.id)),
                    width="100%",
                ),
                rx.text(project.description, size="2", white_space="pre-wrap"),
                rx.cond(project.skills != "", rx.text("Wants: ", project.skills, size="2", color_scheme="gray")),
                spacing="1",
                width="100%",
            ),
        ),
        width="100%",
    )


def projects_editor() -> rx.Component:
    return section_card(
        "Current projects",
        "Required for creators: what you are building and the skills you are looking for. Each one is a project "
        "in Find a team (open it to add links, a stage or a team).",
        saved_note(ProjectsState.saved),
        field_error(ProjectsState.errors, "form"),
        rx.vstack(rx.foreach(ProjectsState.projects, project_card), spacing="2", width="100%", data_testid="projects-list"),
        rx.heading("Add a project", size="3"),
        project_form(),
        test_id="projects-editor",
    )
