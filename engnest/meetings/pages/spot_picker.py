"""The halfway spot picker: kind filter, travel mode, 'look near', the list with each person's trip, the map,
and the attribution the place data requires."""

from __future__ import annotations

import reflex as rx

from engnest.meetings.components.spot_map import spot_map
from engnest.meetings.domain.meeting_spot import TRAVEL_MODES
from engnest.meetings.pages.spot_picker_state import KIND_CHOICES, SpotPickerState
from engnest.platform.settings import get_settings

S = SpotPickerState


def attribution_block(lines: rx.Var) -> rx.Component:
    return rx.box(
        rx.text("Place data", size="1", weight="medium", color_scheme="gray"),
        rx.foreach(lines, lambda line: rx.text(line, size="1", color_scheme="gray")),
        data_testid="places-attribution",
        padding_top="0.5em",
    )


def _spot_row(spot: rx.Var) -> rx.Component:
    chosen = S.selected == spot.id
    return rx.el.button(  # a real button: reachable with Tab, chosen with Enter or Space
        rx.hstack(
            rx.icon(rx.cond(chosen, "circle_check", "circle"), size=18, color=rx.cond(chosen, "var(--accent-11)", "var(--gray-9)")),
            rx.vstack(
                rx.hstack(rx.text(spot.name, weight="bold", size="2", data_testid="spot-name"), rx.badge(spot.kind, variant="soft", size="1"), align="center", wrap="wrap"),
                rx.text(spot.city, size="1", color_scheme="gray"),
                rx.text("You: ", spot.mine, " · Them: ", spot.theirs, size="1"),
                spacing="0",
                align="start",
            ),
            align="start",
            spacing="2",
        ),
        type="button",
        on_click=S.select(spot.id),
        role="radio",
        aria_checked=rx.cond(chosen, "true", "false"),
        data_testid="spot-option",
        style={
            "cursor": "pointer", "padding": "0.5em", "border_radius": "6px", "width": "100%", "text_align": "left",
            "background": "transparent", "color": "inherit", "font": "inherit",
            "border": rx.cond(chosen, "2px solid var(--accent-9)", "1px solid var(--gray-a5)"),
        },
    )


def spot_picker(errors: rx.Var, *, on_meet_online=None, attribution: rx.Var | bool = True) -> rx.Component:
    """`on_meet_online`: the event that switches the form to an online meeting (a button beside "Meet online
    instead" when no spot can be found); `attribution`: show the place-data block (off when the page already
    shows it). Must not be inside another form: "Look near…" is a form of its own."""
    settings = get_settings()
    switch = (
        rx.button(rx.icon("video", size=14), "Meet online instead", size="1", variant="soft", type="button", on_click=on_meet_online, data_testid="meet-online-instead")
        if on_meet_online is not None
        else rx.fragment()
    )
    block = attribution_block(S.attribution)
    if attribution is not True:
        block = rx.cond(attribution, block)
    return rx.vstack(
        rx.hstack(
            rx.select.root(
                rx.select.trigger(aria_label="Kind of place", data_testid="spot-kind"),
                rx.select.content(*[rx.select.item(label, value=key) for key, label in KIND_CHOICES.items()]),
                value=S.kind,
                on_change=S.set_kind,
            ),
            rx.select.root(
                rx.select.trigger(aria_label="How you travel", data_testid="spot-mode"),
                rx.select.content(*[rx.select.item(label, value=key) for key, label in TRAVEL_MODES.items()]),
                value=S.mode,
                on_change=S.set_mode,
            ),
            rx.form(
                rx.hstack(
                    rx.input(name="near", placeholder="Or look near… (a city or district)", default_value=S.near, size="2", aria_label="Look near a city or district"),
                    rx.button("Look", type="submit", variant="soft", size="2", data_testid="look-near"),
                    rx.cond(S.near != "", rx.button("Halfway", type="button", variant="ghost", size="2", on_click=S.clear_near)),
                    spacing="1",
                ),
                on_submit=S.search_near,
            ),
            wrap="wrap",
            spacing="2",
            width="100%",
        ),
        rx.cond(
            S.problem != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("info")),
                rx.callout.text(S.problem),
                rx.cond(S.problem.contains("online"), switch),
                color_scheme=rx.cond(S.too_far, "orange", "gray"), size="1", data_testid="spot-problem", width="100%",
            ),
        ),
        rx.cond(S.coverage != "", rx.text(S.coverage, size="1", color_scheme="gray", data_testid="spot-coverage")),
        rx.grid(
            rx.vstack(rx.foreach(S.spots, _spot_row), spacing="2", width="100%", role="radiogroup", data_testid="spot-list"),
            rx.cond(
                S.map_spots.length() > 0,
                spot_map(
                    spots=S.map_spots, people=S.people, selected=S.selected, tile_url=settings.map_tile_url,
                    tile_attribution=settings.map_tile_attribution, height="380px", on_select=S.select,
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.cond(errors.contains("spot"), rx.text(errors["spot"], color_scheme="red", size="2", role="alert", data_testid="error-spot")),
        block,
        spacing="3",
        width="100%",
    )
