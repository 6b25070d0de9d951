"""The profile page layout."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.platform.settings import get_settings
from engnest.platform.ui.forms import field, field_error, label, saved_note, section_card, stacked_form, submit_button, text_input
from engnest.platform.ui.shell import app_page
from engnest.profiles.components.profile_view import checklist_card, profile_preview
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES
from engnest.profiles.pages.editors import AvatarState, CityPickerState
from engnest.profiles.pages.list_editors import select, skills_editor
from engnest.profiles.pages.pitch_preview import pitch_editor
from engnest.profiles.pages.pitch_state import PitchState
from engnest.profiles.pages.state import ProfileState

S = ProfileState


def about_editor() -> rx.Component:
    e = S.errors
    return section_card(
        "About you",
        "Your name is only shown to collaborators.",
        stacked_form(
            rx.grid(
                field("First name", text_input("first_name", default_value=S.first_name), e, "first_name"),
                field("Last name", text_input("last_name", default_value=S.last_name), e, "last_name"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            field("Discipline", select("discipline", DISCIPLINES, S.discipline, "Choose your discipline"), e, "discipline"),
            submit_button("Save details", data_testid="save-about"),
            on_submit=S.save_about,
            key="about-" + S.versions["about"].to_string(),
        ),
        test_id="about-editor",
    )


def status_editor() -> rx.Component:
    e = S.errors
    return section_card(
        "Creator or recruit",
        "Creators have current projects and say how they like to collaborate. Recruits join projects.",
        rx.cond(
            S.projects.length() == 0,
            rx.text(
                "To be a creator, first add a project under ", rx.link("Current projects", href="#projects-editor"), ".",
                size="2", color_scheme="gray", data_testid="creator-needs-project",
            ),
        ),
        stacked_form(
            rx.radio_group.root(
                rx.hstack(
                    # A Radix radio item with text is a <label> around its radio: clicking the text chooses it.
                    rx.radio_group.item("Creator", value="creator", id="status-creator"),
                    rx.radio_group.item("Recruit", value="recruit", id="status-recruit"),
                    spacing="4",
                    align="center",
                ),
                name="status",
                default_value=S.status,
                aria_label="Creator or recruit",
            ),
            field_error(e, "status"),
            field("Collaboration preference", select("preference", PREFERENCES, S.preference, "In person, online or hybrid"), e, "preference"),
            submit_button("Save status", data_testid="save-status"),
            on_submit=S.save_status,
            key="status-" + S.versions["status"].to_string(),
        ),
        test_id="status-editor",
    )


def city_editor() -> rx.Component:
    c = CityPickerState
    return section_card(
        "City",
        "Used to find people near you and fair meeting spots. Strangers only see it approximately.",
        rx.text("Current: ", rx.cond(S.city_label != "", rx.text.strong(S.city_label), rx.text("not set", as_="span", color_scheme="gray")), size="2", data_testid="city-current"),
        rx.form(
            rx.vstack(
                label("Find your city", html_for="city"),
                rx.input(
                    name="city",
                    id="city",
                    value=c.query,
                    on_change=c.search.debounce(250),
                    placeholder="Start typing a city…",
                    width="100%",
                    size="3",
                    auto_complete="off",
                ),
                rx.cond(
                    c.suggestions.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            c.suggestions,
                            lambda city: rx.button(city.label, variant="soft", type="button", on_click=c.choose(city.id), width="100%", justify="start"),
                        ),
                        spacing="1",
                        width="100%",
                        data_testid="city-suggestions",
                    ),
                ),
                field_error(S.errors, "city"),
                submit_button("Set city", variant="outline", data_testid="save-city"),
                spacing="2",
                width="100%",
            ),
            on_submit=c.submit,
            width="100%",
        ),
        test_id="city-editor",
    )


def links_editor() -> rx.Component:
    e = S.errors
    return section_card(
        "Links",
        "Only collaborators see these.",
        stacked_form(
            field("GitHub", text_input("github_url", default_value=S.github_url, placeholder="https://github.com/you"), e, "github_url"),
            field("LinkedIn", text_input("linkedin_url", default_value=S.linkedin_url, placeholder="https://www.linkedin.com/in/you"), e, "linkedin_url"),
            field("Portfolio", text_input("portfolio_url", default_value=S.portfolio_url, placeholder="https://you.example.com"), e, "portfolio_url"),
            submit_button("Save links", data_testid="save-links"),
            on_submit=S.save_links,
            key="links-" + S.versions["links"].to_string(),
        ),
        test_id="links-editor",
    )


def _labelled_upload(*children, **props) -> rx.Component:
    """`rx.upload.root` whose file input has a name for assistive technology (Reflex offers no prop for it)."""
    upload = rx.upload.root(*children, **props)
    upload.children[0].children[0].custom_attrs["aria-label"] = "Choose a photo"
    return upload


def avatar_editor() -> rx.Component:
    max_mb = get_settings().avatar_max_bytes // (1024 * 1024)
    return section_card(
        "Photo",
        f"Optional. PNG, JPEG, WebP or GIF up to {max_mb} MB. Only collaborators see it.",
        rx.hstack(
            rx.cond(S.avatar_url != "", rx.image(src=S.avatar_url, width="72px", height="72px", border_radius="50%", alt="Your photo")),
            _labelled_upload(
                rx.button("Choose image", variant="outline", type="button"),
                id="avatar-upload",
                accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"], "image/gif": [".gif"]},
                max_files=1,
                on_drop=AvatarState.upload(rx.upload_files(upload_id="avatar-upload")),
                border="none",
                padding="0",
            ),
            rx.cond(S.avatar_url != "", rx.button("Remove photo", variant="ghost", color_scheme="red", on_click=AvatarState.remove)),
            align="center",
            spacing="3",
        ),
        field_error(S.errors, "avatar"),
        test_id="avatar-editor",
    )


# Blocks under the heading that features above profiles add (meetings: the ratings and reliability block),
# registered before the app compiles; their on_load handlers join ON_LOAD.
HEADER_BLOCKS: list[Callable[[], rx.Component]] = []


def register_header_block(block: Callable[[], rx.Component], on_load=None) -> None:
    if block not in HEADER_BLOCKS:
        HEADER_BLOCKS.append(block)
        if on_load is not None:
            ON_LOAD.append(on_load)


# The current projects editor: engnest.projects owns projects and registers it (its on_load joins ON_LOAD too).
PROJECTS_EDITOR: list[Callable[[], rx.Component]] = []


def register_projects_editor(editor: Callable[[], rx.Component], on_load=None) -> None:
    if editor not in PROJECTS_EDITOR:
        PROJECTS_EDITOR[:] = [editor]
        if on_load is not None:
            ON_LOAD.append(on_load)


def profile_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("My profile", size="7"),
            *[block() for block in HEADER_BLOCKS],
            rx.cond(
                # Not before this visit's load ran: a tab that was here before still holds the old values, and
                # the forms would be remounted with the stored ones under the person's typing.
                S.loaded & rx.State.is_hydrated,
                rx.vstack(
                    saved_note(S.saved),
                    field_error(S.errors, "form"),  # refusals of the whole save (too many saves in a row)
                    rx.grid(
                        profile_preview(
                            first_name=S.first_name,
                            last_name=S.last_name,
                            pitch=S.pitch,
                            status_label=S.status_label,
                            discipline_label=S.discipline_label,
                            preference_label=S.preference_label,
                            city_label=S.city_label,
                            skills=S.skills,
                            projects=S.projects,
                            avatar_url=S.avatar_url,
                            links=[("GitHub", S.github_url), ("LinkedIn", S.linkedin_url), ("Portfolio", S.portfolio_url)],
                        ),
                        checklist_card(S.checklist, S.done_count, S.complete),
                        columns=rx.breakpoints(initial="1", md="3"),
                        spacing="4",
                        width="100%",
                    ),
                    # In an order that works: a creator needs a project, so projects come before the status.
                    about_editor(),
                    pitch_editor(),
                    city_editor(),
                    skills_editor(),
                    *[editor() for editor in PROJECTS_EDITOR],
                    status_editor(),
                    links_editor(),
                    avatar_editor(),
                    spacing="4",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), width="100%", padding="3em"),
            ),
            spacing="4",
        ),
    )


ON_LOAD = [AuthState.require_login, ProfileState.load, PitchState.load]
