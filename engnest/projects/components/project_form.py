"""The project's fields, for "Start a project" (empty) and the project page's edit form (`values`, a var of
projects.FormValues). Components take vars, never states."""

from __future__ import annotations

import reflex as rx

from engnest.platform.ui.forms import field, field_error, text_input
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES
from engnest.projects.domain.project import STAGES


def choice(name: str, options: dict[str, str], placeholder: str, value: rx.Var | str = "", prefix: str = "") -> rx.Component:
    return rx.el.select(
        rx.el.option(placeholder, value=""), *[rx.el.option(label, value=key) for key, label in options.items()],
        name=name, id=prefix + name, default_value=value, style={"padding": "0.4em"},
    )


def project_fields(errors: rx.Var, values: rx.Var | None = None, prefix: str = "") -> list[rx.Component]:
    """`prefix` keeps the edit form's ids apart from any other form's on the page."""
    def get(key: str):
        return getattr(values, key) if values is not None else ""

    return [
        field("Title", text_input("title", id=prefix + "title", default_value=get("title")), errors, "title", field_id=prefix + "title"),
        field("Summary", rx.text_area(name="summary", id=prefix + "summary", rows="4", default_value=get("summary")), errors, "summary",
              field_id=prefix + "summary"),
        field("Discipline", choice("discipline", DISCIPLINES, "Pick one", get("discipline"), prefix), errors, "disciplines",
              field_id=prefix + "discipline"),
        field("Skills wanted, one a line as skill: level (beginner, intermediate, expert)",
              rx.text_area(name="skills", id=prefix + "skills", rows="3", placeholder="CAD: expert", default_value=get("skills")), errors, "skills",
              field_id=prefix + "skills"),
        field("Stage", choice("stage", STAGES, "Pick one", get("stage"), prefix), errors, "stage", field_id=prefix + "stage"),
        field("How you like to work", choice("preference", PREFERENCES, "Pick one", get("preference"), prefix), errors, "preference",
              field_id=prefix + "preference"),
        rx.hstack(rx.checkbox(name="online", id=prefix + "online", default_checked=get("online") if values is not None else False),
                  rx.el.label("Online only", html_for=prefix + "online")),
        field("City", text_input("city", id=prefix + "city", default_value=get("city")), errors, "city", field_id=prefix + "city"),
        field("Links (space separated)", text_input("links", id=prefix + "links", default_value=get("links")), errors, "links",
              field_id=prefix + "links"),
        field_error(errors, "project"),
    ]
