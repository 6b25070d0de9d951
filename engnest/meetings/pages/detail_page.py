"""One meeting: when (in my timezone, and theirs), where (with the map), who (anonymised until accepted),
what happened so far, and the actions allowed right now."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.calls.pages import room as call_room
from engnest.meetings.components.meeting_bits import status_badge
from engnest.meetings.components.spot_map import spot_map
from engnest.meetings.pages.detail_review import change_panel, live_status, pending_change, proposal_panel, review_section
from engnest.meetings.pages.detail_state import MeetingDetailState
from engnest.meetings.pages.spot_picker import attribution_block
from engnest.platform import routes
from engnest.platform.settings import get_settings
from engnest.platform.ui.forms import field, form_error, saved_note, submit_button
from engnest.platform.ui.shell import app_page

S = MeetingDetailState
m = S.m


def person_card() -> rx.Component:
    return rx.card(
        rx.cond(
            S.other_full,
            rx.vstack(
                rx.hstack(rx.heading(m.other_name, size="5", data_testid="other-name"), rx.badge("Collaborator", color_scheme="green"), align="center"),
                rx.text(m.other_discipline, " · ", m.other_city, size="2", color_scheme="gray"),
                rx.cond(m.other_pitch != "", rx.blockquote(m.other_pitch, size="2", white_space="pre-wrap", data_testid="other-pitch")),
                rx.flex(rx.foreach(S.other_skills, lambda s: rx.badge(s, variant="soft")), wrap="wrap", spacing="1"),
                rx.link("Open their profile", href=m.other_url, size="2"),
                spacing="2",
            ),
            rx.vstack(
                rx.text(m.other_label[:1].upper() + m.other_label[1:], weight="bold", data_testid="other-anonymous"),
                rx.text("Their name and full profile appear once the meeting is accepted.", size="1", color_scheme="gray"),
                spacing="1",
            ),
        ),
        width="100%",
        data_testid="other-person",
    )


def when_where() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("calendar_clock", size=18), rx.text(rx.text.strong(m.start), " – ", m.end, data_testid="meeting-when"), align="center"),
            rx.text("For them: ", m.start_theirs, size="1", color_scheme="gray", data_testid="meeting-when-theirs"),
            rx.text(m.kind_label, " · ", m.duration, size="2"),
            rx.cond(
                m.kind == "online",
                rx.text(rx.icon("video", size=14), " Online — a video call on EngNest once accepted.", size="2"),
                rx.vstack(
                    rx.text(rx.icon("map_pin", size=14), " ", rx.text.strong(m.spot_name), " (", m.spot_kind, ", ", m.spot_city, ")", size="2", data_testid="meeting-spot"),
                    rx.text("Your trip: ", m.my_km, " km · Theirs: ", m.their_trip, size="1", color_scheme="gray"),
                    spacing="1",
                ),
            ),
            rx.cond(m.message != "", rx.text("“", m.message, "”", size="2", white_space="pre-wrap", data_testid="meeting-message")),
            rx.cond(m.cancel_reason != "", rx.text("Reason for cancelling: ", m.cancel_reason, size="2", color_scheme="red")),
            rx.cond(m.late, rx.badge("Late cancellation (under 24 hours before)", color_scheme="red")),
            rx.link(rx.button(rx.icon("calendar_plus", size=16), "Add to calendar (.ics)", variant="soft", size="2"), href=m.ics_url, is_external=True, data_testid="ics-link"),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def counter_panel() -> rx.Component:
    return proposal_panel(heading="Propose another time or place", note="", on_submit=S.counter, test_id="counter", key_suffix="")


def cancel_panel() -> rx.Component:
    e = S.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(rx.cond(m.status == "accepted", "Cancel this meeting", "Withdraw this request"), size="4"),
                rx.cond(m.would_be_late, rx.callout("It starts in less than 24 hours: this will count as a late cancellation.", icon="triangle_alert", color_scheme="orange")),
                field("Reason", rx.text_area(name="reason", id="reason", rows="2", width="100%"), e, "reason", hint="Shared with the other person. Required once a meeting is accepted."),
                rx.hstack(submit_button("Confirm", color_scheme="red", data_testid="confirm-cancel"), rx.button("Keep it", type="button", variant="ghost", on_click=S.open_panel("")), spacing="2"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.cancel,
            width="100%",
        ),
        width="100%",
        data_testid="cancel-panel",
    )


def action_bar() -> rx.Component:
    def has(a: str):
        return S.actions.contains(a)

    return rx.vstack(
        rx.hstack(
            rx.cond(has("accept"), rx.button(rx.icon("check", size=16), "Accept", on_click=S.accept, color_scheme="green", data_testid="accept")),
            rx.cond(has("counter"), rx.button("Propose another time", variant="soft", on_click=S.open_panel("counter"), data_testid="open-counter")),
            rx.cond(has("decline"), rx.button("Decline", variant="soft", color_scheme="red", on_click=S.decline, data_testid="decline")),
            rx.cond(has("propose_change"), rx.button("Propose a new time", variant="soft", on_click=S.open_panel("change"), data_testid="open-change")),
            rx.cond(has("cancel"), rx.button(rx.cond(m.status == "accepted", "Cancel meeting", "Withdraw request"), variant="soft", color_scheme="red", on_click=S.open_panel("cancel"), data_testid="open-cancel")),
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(m.awaiting_me, rx.text("Waiting for your answer.", size="2", color_scheme="orange")),
        rx.cond((~m.awaiting_me) & ((m.status == "pending") | (m.status == "countered")), rx.text("Waiting for their answer.", size="2", color_scheme="gray")),
        form_error(S.errors),
        saved_note(S.notice),
        rx.cond(S.panel == "counter", counter_panel()),
        rx.cond(S.panel == "cancel", cancel_panel()),
        rx.cond(S.panel == "change", change_panel()),
        spacing="2",
        width="100%",
    )


def history_list() -> rx.Component:
    return rx.vstack(
        rx.heading("History", size="3"),
        rx.foreach(
            S.history,
            lambda h: rx.text(
                rx.text.strong(h.who), " ", h.action, " ", h.when, rx.cond(h.spot != "", " at " + h.spot, ""),
                rx.cond(h.note != "", " — “" + h.note + "”", ""), " · ", h.at, size="1", color_scheme="gray",
            ),
        ),
        spacing="1",
        width="100%",
    )


def detail_body() -> rx.Component:
    settings = get_settings()
    return rx.vstack(
        rx.hstack(rx.heading("Meeting", size="7"), status_badge(m.status, m.status_label), align="center", spacing="3"),
        rx.grid(
            rx.vstack(when_where(), call_room.meeting_room_card(), person_card(), spacing="3", width="100%"),
            rx.cond(
                S.has_spot,
                rx.vstack(
                    spot_map(spots=S.spot_marker, people=S.homes, selected=m.spot_id, tile_url=settings.map_tile_url, tile_attribution=settings.map_tile_attribution, height="300px"),
                    attribution_block(S.attribution),
                    width="100%",
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        live_status(),
        pending_change(),
        action_bar(),
        review_section(),
        history_list(),
        rx.link("← All my meetings", href=routes.MEETINGS, size="2"),
        spacing="4",
        width="100%",
    )


def detail_page() -> rx.Component:
    return app_page(
        rx.cond(
            ~S.loaded,
            rx.spinner(),
            rx.cond(S.not_found, rx.callout("This meeting does not exist.", icon="circle_alert", data_testid="meeting-not-found"), detail_body()),
        ),
        max_width="1100px",
    )


ON_LOAD = [AuthState.require_login, MeetingDetailState.load, call_room.LOAD]
