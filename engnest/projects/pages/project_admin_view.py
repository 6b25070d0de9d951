"""The project page's parts for its owner and maintainers: edit, delete (owner), and the invite picker."""

from __future__ import annotations

import reflex as rx

from engnest.platform.ui.forms import field_error, stacked_form, submit_button
from engnest.projects.components.project_form import project_fields
from engnest.projects.pages.project_admin import ProjectAdminState
from engnest.projects.pages.project_state import ProjectState

A = ProjectAdminState
P = ProjectState.page


def edit_box() -> rx.Component:
    return rx.cond(
        A.editing,
        rx.card(rx.vstack(
            rx.heading("Edit the project", size="4"),
            rx.box(
                stacked_form(
                    *project_fields(A.errors, A.values, prefix="edit-"),
                    rx.hstack(submit_button("Save project", data_testid="save-project-edit"),
                              rx.button("Cancel", type="button", variant="ghost", on_click=A.cancel_edit)),
                    on_submit=A.save,
                ),
                key=A.version.to_string(), width="100%",
            ),
            width="100%",
        ), width="100%", data_testid="project-edit"),
        rx.hstack(
            rx.button("Edit project", variant="soft", on_click=A.start_edit, data_testid="edit-project"),
            rx.cond(P.role == "owner", rx.cond(
                A.confirm_delete,
                rx.hstack(rx.text("Delete the project, its team list and its board for good?", size="2"),
                          rx.button("Delete", color_scheme="red", on_click=A.delete, data_testid="confirm-delete-project"),
                          rx.button("Keep it", variant="ghost", on_click=A.cancel_delete)),
                rx.button("Delete project", variant="soft", color_scheme="red", on_click=A.ask_delete, data_testid="delete-project"),
            )),
            wrap="wrap",
        ),
    )


def person_row(m: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(m.label, href=m.url, weight="bold"), rx.text(m.reason, size="2", color_scheme="gray"),
        rx.button("Invite", size="1", variant="soft", on_click=A.invite(m.user_id), data_testid="invite-match"),
        wrap="wrap", data_testid="person-for-project",
    )


def invite_box() -> rx.Component:
    return rx.vstack(
        rx.heading("Invite people", size="4"),
        rx.cond(A.people.length() > 0,
                rx.vstack(rx.text("People who know what the project wants:", size="2"), rx.foreach(A.people, person_row), width="100%"),
                rx.text("Nobody new knows the skills this project wants yet.", size="2", color_scheme="gray")),
        rx.cond(A.choices.length() > 0, stacked_form(
            rx.el.label("Or one of your collaborators", html_for="invitee"),
            rx.el.select(rx.el.option("Pick someone", value=""), rx.foreach(A.choices, lambda c: rx.el.option(c.name, value=c.user_id.to_string())),
                         name="invitee", id="invitee", style={"padding": "0.4em"}),
            rx.text_area(name="note", id="invite-note", rows="2", placeholder="A short note (optional)", aria_label="Note"),
            submit_button("Invite", data_testid="invite-picked"),
            on_submit=A.invite_picked, reset_on_submit=True,
        )),
        field_error(A.errors, "invite"),
        spacing="2", width="100%", data_testid="invite-box",
    )


def admin_box() -> rx.Component:
    return rx.cond((P.role == "owner") | (P.role == "maintainer"), rx.vstack(edit_box(), invite_box(), spacing="3", width="100%"))
