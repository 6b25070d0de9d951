"""The project page: the project, its owner's card (anonymised for strangers), the team (names for members),
join requests, and the board with progress."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.platform import routes
from engnest.platform.ui.forms import field, field_error, stacked_form, submit_button, text_input
from engnest.platform.ui.shell import app_page
from engnest.projects.components.owner import owner_card
from engnest.projects.pages.project_admin import ProjectAdminState
from engnest.projects.pages.project_admin_view import admin_box
from engnest.projects.pages.project_state import ProjectState

S = ProjectState
P = S.page
NEXT = {"todo": ("doing", "Start"), "doing": ("done", "Done"), "done": ("todo", "Reopen")}


def task_card(task: rx.Var, status: str) -> rx.Component:
    to, label = NEXT[status]
    return rx.card(
        rx.vstack(
            rx.text(task.title, weight="bold", size="2"),
            rx.cond(task.description != "", rx.text(task.description, size="1", white_space="pre-wrap")),
            rx.cond(task.due != "", rx.text("Due ", task.due, size="1", color_scheme="gray", data_testid="task-due")),
            rx.foreach(P.members, lambda m: rx.cond(m.user_id == task.assignee_id, rx.badge(m.name, size="1"))),
            rx.button(label, size="1", variant="soft", on_click=S.move(task.id, to), data_testid=f"move-{to}"),
            spacing="1", width="100%",
        ),
        width="100%", data_testid="task",
    )


def column(title: str, status: str, items: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="3"), rx.foreach(items, lambda t: task_card(t, status)),
        spacing="2", width="100%", min_width="200px", data_testid=f"column-{status}",
    )


def board() -> rx.Component:
    e = S.errors
    return rx.vstack(
        rx.hstack(rx.heading("Tasks", size="5"), rx.badge(P.progress.to_string() + "% done", data_testid="progress")),
        rx.hstack(column("To do", "todo", S.todo), column("Doing", "doing", S.doing), column("Done", "done", S.done),
                  spacing="4", width="100%", align="start"),
        stacked_form(
            field("New task", text_input("title", id="task-title"), e, "title", field_id="task-title"),
            rx.el.select(rx.el.option("Nobody yet", value=""), rx.foreach(P.members, lambda m: rx.el.option(m.name, value=m.user_id.to_string())),
                         name="assignee", id="task-assignee", style={"padding": "0.4em"}),
            field_error(e, "assignee"),
            field("Due (your time)", rx.input(type="datetime-local", name="due", id="task-due"), e, "due", field_id="task-due"),
            submit_button("Add task"),
            on_submit=S.add_task, reset_on_submit=True,
        ),
        spacing="3", width="100%",
    )


def team_box() -> rx.Component:
    return rx.vstack(
        rx.heading("Team", size="5"),
        rx.foreach(P.members, lambda m: rx.hstack(rx.link(m.name, href=m.url), rx.badge(m.role, color_scheme="gray"),
                                                  rx.link("Meet", href=routes.MEETING_NEW + "?with=" + m.user_id.to_string(), size="1"))),
        rx.text("Messages and full profiles open once you have met (collaborators).", size="1", color_scheme="gray"),
        rx.cond(S.requests.length() > 0, rx.vstack(
            rx.heading("Join requests", size="3"),
            rx.foreach(S.requests, lambda r: rx.hstack(
                rx.link("An engineer", href=r.url), rx.text(r.note, size="2"),
                rx.button("Accept", size="1", on_click=S.decide(r.id, True), data_testid="accept-request"),
                rx.button("Decline", size="1", variant="soft", on_click=S.decide(r.id, False)),
                data_testid="join-request",
            )),
            width="100%",
        )),
        spacing="2", width="100%",
    )


def join_box() -> rx.Component:
    return rx.cond(
        S.invitation > 0,
        rx.hstack(rx.text("You are invited to join."), rx.button("Join", on_click=S.decide(S.invitation, True)),
                  rx.button("No thanks", variant="soft", on_click=S.decide(S.invitation, False))),
        rx.cond(
            P.pending == "request",
            rx.text("Your request to join is waiting for the team.", data_testid="request-pending"),
            stacked_form(
                field("Ask to join: a short note", rx.text_area(name="note", id="join-note", rows="2"), S.errors, "note", field_id="join-note"),
                field_error(S.errors, "project"),
                submit_button("Ask to join", data_testid="ask-to-join"),
                on_submit=S.request_join,
            ),
        ),
    )


def repo_box() -> rx.Component:
    r = S.repo
    editor = (P.role == "owner") | (P.role == "maintainer")
    return rx.vstack(
        rx.cond(r.full_name != "", rx.vstack(
            rx.hstack(rx.icon("folder_git_2", size=16), rx.link(r.full_name, href=r.url, is_external=True, weight="bold"),
                      rx.badge(r.stars.to_string() + " stars"), rx.badge(r.open_issues.to_string() + " open issues", color_scheme="gray")),
            rx.cond(r.description != "", rx.text(r.description, size="2")),
            rx.cond(r.languages != "", rx.text(r.languages, size="1", color_scheme="gray")),
            rx.cond(r.last_commit != "", rx.text("Last commit: ", r.last_commit, size="1", color_scheme="gray")),
            rx.cond(r.message != "", rx.callout(r.message, icon="triangle_alert", color_scheme="orange", data_testid="repo-message")),
            spacing="1", width="100%", data_testid="repo-box",
        )),
        rx.cond(editor, rx.hstack(
            rx.form(rx.hstack(text_input("repo", placeholder="owner/name or GitHub link", id="repo"), rx.button("Link", type="submit", variant="soft")),
                    on_submit=S.link_repo),
            rx.cond(r.full_name != "", rx.button("Sync", on_click=S.sync_repo, variant="soft", data_testid="repo-sync")),
            field_error(S.errors, "repo"),
            wrap="wrap",
        )),
        width="100%",
    )


def project_view() -> rx.Component:
    return rx.vstack(
        rx.heading(P.title, size="7", data_testid="project-title"),
        admin_box(),
        rx.hstack(rx.badge(P.stage), rx.badge(P.place, color_scheme="gray"), rx.badge(P.preference, color_scheme="gray"),
                  rx.foreach(P.disciplines, lambda d: rx.badge(d, variant="outline")), wrap="wrap"),
        rx.text(P.summary, white_space="pre-wrap"),
        rx.cond(P.skills.length() > 0, rx.hstack(rx.text("Wants:", size="2"), rx.foreach(P.skills, lambda s: rx.badge(s.name, " · ", s.level)), wrap="wrap")),
        rx.foreach(P.links, lambda u: rx.link(u, href=u, is_external=True, size="2")),
        repo_box(),
        rx.heading("Started by", size="4"),
        owner_card(P.owner),
        rx.cond(P.role != "", rx.fragment(team_box(), board()), rx.fragment(rx.text(P.member_count.to_string() + " on the team", size="2"), join_box())),
        spacing="3", width="100%",
    )


def project_page() -> rx.Component:
    return app_page(
        rx.cond(S.loaded, rx.cond(S.found, project_view(), rx.text("That project does not exist (any more).")),
                rx.center(rx.spinner(size="3"), width="100%", padding="3em")),
        max_width="960px",
    )


ON_LOAD = [AuthState.require_login, S.load, ProjectAdminState.load]
