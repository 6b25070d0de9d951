"""How a profile looks: the full view (owner and collaborators) and the completeness checklist."""

from __future__ import annotations

import reflex as rx


def _initials_avatar(first_name: rx.Var, avatar_url: rx.Var) -> rx.Component:
    return rx.avatar(src=avatar_url, fallback=first_name.to(str)[:1].upper(), size="6", radius="full")


def skill_chip(skill: rx.Var) -> rx.Component:
    return rx.badge(skill.name, " · ", skill.level, variant="soft", size="2")


def project_summary(project: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(project.title, weight="bold", size="3"),
        rx.text(project.description, size="2", white_space="pre-wrap"),
        rx.cond(project.skills != "", rx.text("Wants: ", project.skills, size="1", color_scheme="gray")),
        padding_y="0.25em",
    )


def profile_preview(
    *,
    first_name: rx.Var,
    last_name: rx.Var,
    pitch: rx.Var,
    status_label: rx.Var,
    discipline_label: rx.Var,
    preference_label: rx.Var,
    city_label: rx.Var,
    skills: rx.Var,
    projects: rx.Var,
    avatar_url: rx.Var,
    links: list[tuple[str, rx.Var]],
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                _initials_avatar(first_name, avatar_url),
                rx.vstack(
                    rx.heading(
                        rx.cond((first_name != "") | (last_name != ""), first_name + " " + last_name, "Your name"),
                        size="6",
                        data_testid="profile-name",
                    ),
                    rx.hstack(
                        rx.cond(status_label != "", rx.badge(status_label, color_scheme="violet")),
                        rx.cond(discipline_label != "", rx.badge(discipline_label, color_scheme="blue")),
                        rx.cond(preference_label != "", rx.badge(preference_label, color_scheme="green")),
                        wrap="wrap",
                    ),
                    rx.cond(city_label != "", rx.text(rx.icon("map_pin", size=14), " ", city_label, size="2", color_scheme="gray", data_testid="profile-city")),
                    spacing="1",
                ),
                spacing="4",
                align="center",
            ),
            rx.cond(
                pitch != "",
                rx.blockquote(pitch, size="3", white_space="pre-wrap", data_testid="profile-pitch"),
                rx.text("No pitch yet.", color_scheme="gray", size="2"),
            ),
            rx.cond(skills.length() > 0, rx.flex(rx.foreach(skills, skill_chip), wrap="wrap", spacing="2")),
            rx.cond(projects.length() > 0, rx.vstack(rx.text("Current projects", weight="bold", size="2"), rx.foreach(projects, project_summary), spacing="1")),
            rx.hstack(
                *[rx.cond(url != "", rx.link(label, href=url, is_external=True, rel="noopener noreferrer nofollow", size="2")) for label, url in links],
                spacing="3",
            ),
            spacing="3",
            width="100%",
        ),
        grid_column=rx.breakpoints(initial="span 1", md="span 2"),
        data_testid="profile-preview",
    )


def checklist_card(checklist: rx.Var, done_count: rx.Var, complete: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Profile checklist", size="4"),
            rx.progress(value=(done_count * 100 / rx.cond(checklist.length() > 0, checklist.length(), 1)).to(int), width="100%", aria_label="Profile completeness"),
            rx.foreach(
                checklist,
                lambda item: rx.hstack(
                    rx.cond(item.done, rx.icon("circle_check", color=rx.color("green", 9), size=18), rx.icon("circle", color=rx.color("gray", 8), size=18)),
                    # Each step links to the card where it is filled in, in the order the page asks for them.
                    rx.cond(
                        item.done,
                        rx.text(item.label, size="2"),
                        rx.link(item.label, href=item.href, size="2", data_testid="checklist-step"),
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            rx.cond(
                complete,
                rx.callout("Complete: you can request and accept meetings.", icon="badge_check", color_scheme="green", size="1", data_testid="profile-complete"),
                rx.callout("Finish these to request or accept meetings. You can browse in the meantime.", icon="info", size="1", data_testid="profile-incomplete"),
            ),
            spacing="2",
            width="100%",
        ),
        data_testid="profile-checklist",
    )
