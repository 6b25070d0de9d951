"""The meeting request form: who, in person or online, when (in my timezone, shown in theirs), how long,
a message, and for in-person meetings the halfway spot picker."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.meetings.components.meeting_bits import their_time_notes
from engnest.meetings.domain.meeting_input import DURATIONS, MEETING_KINDS
from engnest.meetings.pages.request_state import MeetingRequestState
from engnest.meetings.pages.spot_picker import spot_picker
from engnest.platform import routes
from engnest.platform.ui.forms import field, field_error, form_error, submit_button
from engnest.platform.ui.shell import app_page

S = MeetingRequestState


def who_card() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon("user_round", size=28),
            rx.vstack(
                rx.text("Meeting ", rx.text.strong(S.other_label), data_testid="request-with"),
                rx.text("You will see their name and full profile once they accept.", size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        width="100%",
    )


def when_fields() -> rx.Component:
    e = S.errors
    return rx.grid(
        field("Date", rx.input(type="date", name="date", id="date", value=S.date, on_change=S.set_date, size="3"), e, "start", field_id="date"),
        field(
            "Start time (" + S.my_timezone + ")",
            rx.input(type="time", name="time", id="time", value=S.time, on_change=S.set_time, step="900", size="3"),
            e, "start_time", field_id="time",
        ),
        field(
            "Duration",
            rx.select.root(
                rx.select.trigger(width="100%", id="duration"),
                rx.select.content(*[rx.select.item(label, value=str(m)) for m, label in DURATIONS.items()]),
                value=S.duration, on_change=S.set_duration, size="3", data_testid="duration",
            ),
            e,
            "duration",
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        width="100%",
    )


def slot_offers() -> rx.Component:
    """Times inside both people's weekly availability; a click fills the date and time above."""
    return rx.vstack(
        rx.text("Times that suit you both", size="2", weight="medium"),
        rx.cond(
            S.slots.length() > 0,
            rx.flex(
                rx.foreach(
                    S.slots,
                    lambda slot: rx.button(
                        slot.label, rx.text(" (", slot.theirs, " for them)", size="1", color_scheme="gray"),
                        variant=rx.cond((S.date == slot.date) & (S.time == slot.time), "solid", "surface"),
                        size="1", on_click=S.pick_slot(slot.date, slot.time), data_testid="slot-offer",
                    ),
                ),
                wrap="wrap", gap="2",
            ),
            rx.text(
                rx.match(
                    S.slot_status,
                    ("no_mine", "Set the hours you are usually free in Settings → Availability to see times that suit you both."),
                    ("no_theirs", "They have not shared their usual hours yet: any time you choose is fine to propose."),
                    "Your usual hours and theirs do not overlap in the next two weeks: propose a time and they can suggest another.",
                ),
                size="1", color_scheme="gray", data_testid="slot-status",
            ),
        ),
        spacing="1",
        width="100%",
        data_testid="slot-offers",
    )


def kind_field() -> rx.Component:
    e = S.errors
    return rx.flex(
        rx.text("How do you want to meet?", size="2", weight="medium", id="kind-label"),
        rx.radio_group.root(
            rx.hstack(
                *[rx.radio_group.item(label, value=k, id=f"kind-{k}") for k, label in MEETING_KINDS.items()],
                spacing="5",
            ),
            value=S.kind, on_change=S.set_kind, data_testid="meeting-kind", aria_labelledby="kind-label",
        ),
        rx.cond(
            S.kind == "online",
            rx.text("Online meetings use one credit, spent only if they accept. You have ", S.credits.to_string(), ". ", rx.link("Buy credits", href=routes.CREDITS), size="1", color_scheme="gray"),
            rx.text("In-person meetings are free.", size="1", color_scheme="gray"),
        ),
        field_error(e, "kind"),
        direction="column",
        spacing="1",
        width="100%",
    )


def request_form() -> rx.Component:
    """Not one big <form>: the spot picker's "Look near…" search is a form of its own, and a form inside a
    form submitted the outer one (a page reload that lost everything). The fields above the message are
    kept in the state as they change; only the message and the send button are a form."""
    e = S.errors
    return rx.vstack(
        kind_field(),
        when_fields(),
        slot_offers(),
        their_time_notes(S.their_time, S.time_notes),
        rx.cond(S.kind == "in_person", rx.vstack(rx.heading("Where", size="4"), spot_picker(e, on_meet_online=S.set_kind("online")), width="100%")),
        rx.form(
            rx.vstack(
                field("Message (optional)", rx.text_area(name="message", id="message", rows="3", placeholder="What would you like to talk about?", width="100%"), e, "message"),
                form_error(e),
                submit_button("Send request", loading=S.sending, data_testid="send-request"),
                spacing="4",
                width="100%",
            ),
            on_submit=S.submit,
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def request_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Request a meeting", size="7"),
            rx.cond(
                ~S.loaded,
                rx.spinner(),
                rx.cond(
                    S.unavailable != "",
                    rx.callout(S.unavailable, icon="circle_alert", color_scheme="gray", data_testid="request-unavailable"),
                    rx.vstack(
                        who_card(),
                        rx.cond(
                            S.problem != "",
                            rx.callout.root(
                                rx.callout.icon(rx.icon("triangle_alert")),
                                rx.callout.text(
                                    S.problem, " ",
                                    rx.cond(S.problem.contains("profile"), rx.link("Open your profile", href=routes.PROFILE), rx.link("See your meetings", href=routes.MEETINGS)),
                                ),
                                color_scheme="orange", data_testid="request-problem",
                            ),
                            request_form(),
                        ),
                        spacing="4",
                        width="100%",
                    ),
                ),
            ),
            spacing="4",
            width="100%",
        ),
        max_width="1100px",
    )


ON_LOAD = [AuthState.require_login, MeetingRequestState.load]
