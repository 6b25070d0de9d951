"""The Discover page: a filter form (submitted into the URL), the result count, cards and paging."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.discovery.components.people import CardActions, person_card
from engnest.discovery.domain.search import MAX_DISTANCE_KM, SKILL_MODES, SORTS
from engnest.discovery.pages.discover.state import DiscoverState
from engnest.platform import routes
from engnest.platform.ui.forms import label as label_for
from engnest.platform.ui.interval import every
from engnest.platform.ui.shell import app_page
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, STATUSES

S = DiscoverState
POLL_MS = 5000


def native_select(name: str, options: dict[str, str], value: rx.Var, blank: str | None) -> rx.Component:
    choices = ([rx.el.option(blank, value="")] if blank is not None else []) + [rx.el.option(label, value=key) for key, label in options.items()]
    return rx.el.select(
        *choices,
        name=name,
        id=f"filter-{name}",
        default_value=value,
        class_name="rt-reset",
        style={"width": "100%", "padding": "0.45em", "border_radius": "var(--radius-2)", "border": "1px solid var(--gray-a7)", "background": "var(--color-surface)", "color": "inherit"},
    )


def labelled(label: str, control: rx.Component, name: str) -> rx.Component:
    return rx.flex(label_for(label, html_for=f"filter-{name}"), control, direction="column", spacing="1", width="100%")


def checkbox(name: str, label: str, checked: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, value="1", default_checked=checked, id=f"filter-{name}"),
        rx.text(" " + label, as_="span", size="2"),
        style={"display": "flex", "gap": "0.4em", "align_items": "center"},
    )


def filter_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                labelled("Search pitches, projects and skills", rx.input(name="q", id="filter-q", default_value=S.q, placeholder="e.g. drone composites", width="100%"), "q"),
                labelled("Discipline", native_select("discipline", DISCIPLINES, S.discipline, "Any discipline"), "discipline"),
                labelled("Skills (comma separated)", rx.input(name="skills", id="filter-skills", default_value=S.skills, placeholder="CAD, FEA", width="100%"), "skills"),
                labelled("Match", native_select("match", SKILL_MODES, S.match, None), "match"),
                labelled("Status", native_select("status", STATUSES, S.status, "Creators and recruits"), "status"),
                labelled("Collaboration", native_select("preference", PREFERENCES, S.preference, "Any way"), "preference"),
                labelled(
                    "Within (km of my city)",
                    rx.input(name="within", id="filter-within", default_value=S.within, placeholder="any distance", type="number", min="1", max=str(MAX_DISTANCE_KM), width="100%"),
                    "within",
                ),
                rx.cond(~S.has_city, rx.text("Set your city on your profile to use distance.", size="1", color_scheme="gray")),
                checkbox("online", "Online now", S.online),
                checkbox("projects", "Has current projects", S.projects),
                labelled("Sort by", native_select("sort", SORTS, S.sort, None), "sort"),
                rx.hstack(
                    rx.button("Search", type="submit", data_testid="apply-filters"),
                    rx.link(rx.button("Clear", type="button", variant="soft", color_scheme="gray"), href=routes.DISCOVER),
                    spacing="2",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.apply,
            key=S.form_key.to_string(),
            width="100%",
            data_testid="filters",
        ),
        width="100%",
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.cond(S.prev_href != "", rx.link(rx.button("Previous", variant="soft"), href=S.prev_href, data_testid="prev-page")),
        rx.text("Page ", S.page.to_string(), " of ", S.pages_label, size="2", color_scheme="gray"),
        rx.cond(S.next_href != "", rx.link(rx.button("Next", variant="soft"), href=S.next_href, data_testid="next-page")),
        spacing="3",
        align="center",
        justify="center",
        width="100%",
    )


def results() -> rx.Component:
    actions = CardActions(S.add_friend, S.accept_friend, S.decline_friend, S.cancel_request, S.remove_friend, S.block, S.unblock)
    return rx.vstack(
        rx.foreach(S.notes, lambda note: rx.callout(note, icon="info", size="1", color_scheme="amber", width="100%", data_testid="search-note")),
        rx.cond(
            S.loading,
            rx.center(rx.spinner(size="3"), rx.text(" Searching…", size="2"), width="100%", padding="3em", data_testid="search-loading"),
            rx.cond(
                S.total > 0,
                rx.vstack(
                    rx.text(
                        S.total_label,
                        rx.cond(S.first_shown > 0, " · showing " + S.first_shown.to_string() + "–" + S.last_shown.to_string(), ""),
                        size="2",
                        color_scheme="gray",
                        data_testid="result-count",
                    ),
                    rx.cond(
                        S.results.length() > 0,
                        rx.vstack(rx.foreach(S.results, lambda card: person_card(card, actions, self_id=S.viewer_id)), spacing="3", width="100%"),
                        rx.callout("There is nothing on this page.", icon="info", width="100%", data_testid="empty-page"),
                    ),
                    pager(),
                    spacing="3",
                    width="100%",
                ),
                rx.callout(
                    "No engineers match these filters yet. Try fewer filters or a wider distance.",
                    icon="search",
                    width="100%",
                    data_testid="no-results",
                ),
            ),
        ),
        every(POLL_MS, S.refresh_presence),
        spacing="3",
        width="100%",
        data_testid="search-results",
        data_shown=S.shown,
    )


def discover_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Discover engineers", size="7"),
            rx.text("Everyone here is shown anonymously until you have met: no names, photos or contact details.", color_scheme="gray", size="2"),
            rx.grid(
                rx.box(filter_form()),
                rx.box(results(), grid_column=rx.breakpoints(initial="span 1", md="span 2")),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        max_width="1200px",
    )


ON_LOAD = [AuthState.require_login, DiscoverState.load]
