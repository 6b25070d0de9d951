"""Profile editors for the lists a profile holds: skills with proficiency (current projects: engnest.projects)."""

from __future__ import annotations

import reflex as rx

from engnest.platform.ui.forms import field_error, section_card, submit_button, text_input
from engnest.profiles.domain.catalog import COMMON_SKILLS, PROFICIENCIES
from engnest.profiles.pages.editors import SkillsState
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
