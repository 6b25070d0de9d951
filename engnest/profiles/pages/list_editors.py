"""Profile editors for the lists a profile holds: skills with proficiency, and current projects."""

from __future__ import annotations

import reflex as rx

from engnest.platform.ui.forms import field, field_error, section_card, stacked_form, submit_button, text_input
from engnest.profiles.domain.catalog import COMMON_SKILLS, PROFICIENCIES
from engnest.profiles.pages.editors import ProjectsState, SkillsState
from engnest.profiles.pages.state import ProfileState

S = ProfileState


def select(name: str, options: dict[str, str], value: rx.Var, placeholder: str, trigger_id: str | None = None, **trigger_props) -> rx.Component:
    """A select whose trigger has the id a `<label for>` points at (`trigger_id`, default `name`)."""
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", id=trigger_id or name, **trigger_props),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in options.items()]),
        name=name,
        default_value=value,
        size="3",
    )


def skill_badge(skill: rx.Var) -> rx.Component:
    return rx.badge(
        skill.name,
        " · ",
        skill.level,
        rx.icon_button(rx.icon("x", size=12), size="1", variant="ghost", on_click=SkillsState.remove(skill.id), aria_label="Remove skill"),
        size="2",
        variant="surface",
    )


def skills_editor() -> rx.Component:
    e = S.errors
    return section_card(
        "Skills",
        "What you can bring to a project, and how well you know it.",
        rx.flex(rx.foreach(S.skills, skill_badge), wrap="wrap", spacing="2", data_testid="skills-list"),
        rx.form(
            rx.flex(
                rx.box(text_input("skill", placeholder="e.g. SolidWorks", list="skill-options", auto_complete="off", aria_label="Skill"), flex="2", min_width="12em"),
                rx.el.datalist(*[rx.el.option(value=s) for s in COMMON_SKILLS], id="skill-options"),
                rx.box(select("proficiency", PROFICIENCIES, "intermediate", "Level", aria_label="Level"), flex="1", min_width="9em"),
                submit_button("Add skill", variant="outline", data_testid="add-skill"),
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            field_error(e, "skill"),
            field_error(e, "proficiency"),
            on_submit=SkillsState.add,
            reset_on_submit=True,
            width="100%",
        ),
        test_id="skills-editor",
    )


def project_form(project: rx.Var | None = None) -> rx.Component:
    """The add form (no `project`) and the edit form inside a project's card. Their field ids differ: with
    one id for both, the form read the other (unmounted) form's empty field and saved the title "None".
    Only one card is edited at a time, so the edit form's ids are unique on the page."""
    e = S.errors
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
        "Required for creators: what you are building and the skills you are looking for.",
        rx.vstack(rx.foreach(S.projects, project_card), spacing="2", width="100%", data_testid="projects-list"),
        rx.heading("Add a project", size="3"),
        project_form(),
        test_id="projects-editor",
    )
