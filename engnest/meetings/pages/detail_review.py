"""The parts of the meeting page about after-acceptance life: a proposed change of time/spot, the running
meeting, the review form after the end, and disputing a no-show report."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.meetings.components.meeting_bits import their_time_notes
from engnest.meetings.domain.meeting_input import DURATIONS
from engnest.meetings.pages.detail_state import MeetingDetailState
from engnest.meetings.pages.spot_picker import spot_picker
from engnest.meetings.pages.spot_picker_state import SpotPickerState
from engnest.platform.ui.forms import field, form_error, submit_button

S = MeetingDetailState
m = S.m
r = S.review


def proposal_panel(*, heading: str, note: str, on_submit, test_id: str, key_suffix: str) -> rx.Component:
    """A new time/duration/spot (and message) for the meeting: a counter-proposal while it is open, or a
    proposed change once it is accepted. Date, time and duration live in the state as they change (so the
    line "that is … for them" follows them); the spot picker sits outside the message form, because its
    "Look near…" search is a form of its own."""
    e = S.errors
    return rx.card(
        rx.vstack(
            rx.heading(heading, size="4"),
            *([rx.text(note, size="2", color_scheme="gray")] if note else []),
            rx.grid(
                field(
                    "Date",
                    rx.input(type="date", name="date", id=f"{test_id}-date", value=S.counter_date, on_change=S.set_counter_date, size="3", data_testid=f"{test_id}-date"),
                    e, "start", field_id=f"{test_id}-date",
                ),
                field(
                    "Start time (" + AuthState.timezone + ")",
                    rx.input(type="time", name="time", id=f"{test_id}-time", value=S.counter_time, on_change=S.set_counter_time, step="900", size="3", data_testid=f"{test_id}-time"),
                    e, "time", field_id=f"{test_id}-time",
                ),
                field(
                    "Duration",
                    rx.select.root(
                        rx.select.trigger(width="100%", id=f"{test_id}-duration"),
                        rx.select.content(*[rx.select.item(label, value=str(n)) for n, label in DURATIONS.items()]),
                        value=S.counter_duration, on_change=S.set_counter_duration, size="3",
                    ),
                    e, "duration", field_id=f"{test_id}-duration",
                ),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            their_time_notes(S.counter_their_time, S.counter_notes),
            rx.cond(
                m.kind == "in_person",
                rx.vstack(
                    rx.text("Spot: ", rx.text.strong(SpotPickerState.selected_name), size="2"),
                    spot_picker(e, attribution=~S.has_spot),  # the page shows the place-data block beside its map
                    width="100%",
                ),
            ),
            rx.form(
                rx.vstack(
                    field("Message (optional)", rx.text_area(name="message", id=f"{test_id}-message", rows="2", width="100%"), e, "message", field_id=f"{test_id}-message"),
                    rx.hstack(submit_button("Send proposal", data_testid=f"send-{test_id}"), rx.button("Close", type="button", variant="ghost", on_click=S.open_panel("")), spacing="2"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=on_submit,
                key=m.id + key_suffix,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid=f"{test_id}-panel",
    )


def change_panel() -> rx.Component:
    return proposal_panel(
        heading="Propose a new time or place", note="The agreed time stays until they accept your proposal.",
        on_submit=S.propose_change, test_id="change", key_suffix="change",
    )


def pending_change() -> rx.Component:
    def has(a: str):
        return S.actions.contains(a)

    return rx.cond(
        m.change_when != "",
        rx.callout(
            rx.vstack(
                rx.text(rx.cond(m.change_by_me, "You proposed to move it to ", "They propose to move it to "), rx.text.strong(m.change_when), "."),
                rx.cond(m.change_message != "", rx.text("“", m.change_message, "”", size="2", white_space="pre-wrap")),
                rx.hstack(
                    rx.cond(has("accept_change"), rx.button("Accept the new time", on_click=S.accept_change, color_scheme="green", size="2", data_testid="accept-change")),
                    rx.cond(has("decline_change"), rx.button("Keep the agreed time", on_click=S.decline_change, variant="soft", size="2", data_testid="decline-change")),
                    rx.cond(has("withdraw_change"), rx.button("Withdraw my proposal", on_click=S.withdraw_change, variant="soft", size="2", data_testid="withdraw-change")),
                    spacing="2",
                ),
                spacing="2",
            ),
            icon="calendar_sync",
            color_scheme="blue",
            width="100%",
            data_testid="pending-change",
        ),
    )


def stars() -> rx.Component:
    return rx.radio_group.root(
        rx.hstack(*[rx.radio_group.item(str(n), value=str(n), data_testid=f"rating-{n}") for n in range(1, 6)], spacing="3"),
        name="rating",
        direction="row",
        aria_labelledby="rating-label",
    )


def review_form() -> rx.Component:
    e = S.errors
    return rx.form(
        rx.vstack(
            rx.heading("How did it go?", size="4"),
            rx.text("Rate them and tell us whether they came. Reviews close on ", r.deadline, ".", size="2", color_scheme="gray"),
            field("Stars (1–5)", stars(), e, "rating", group=True),
            field(
                "Did they come?",
                rx.radio_group.root(
                    rx.hstack(
                        rx.radio_group.item("Yes, they came", value="yes", data_testid="attended-yes"),
                        rx.radio_group.item("No, they did not come", value="no", data_testid="attended-no"),
                        spacing="5",
                    ),
                    name="attended",
                    aria_labelledby="attended-label",
                ),
                e,
                "attended",
                group=True,
                hint="A no-show counts as a strike unless they dispute it within 72 hours.",
            ),
            field("Comment (optional)", rx.text_area(name="comment", id="comment", rows="2", width="100%"), e, "comment"),
            submit_button("Send review", data_testid="send-review"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.submit_review,
        width="100%",
    )


def dispute_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("They reported that you did not come. If you were there, dispute it before ", r.dispute_until, ".", size="2"),
            field("What happened (optional)", rx.text_area(name="note", id="note", rows="2", width="100%"), S.errors, "note"),
            submit_button("I was there: dispute", color_scheme="orange", data_testid="send-dispute"),
            spacing="2",
            width="100%",
        ),
        on_submit=S.dispute,
        width="100%",
    )


def review_section() -> rx.Component:
    return rx.cond(
        r.shown,
        rx.card(
            rx.vstack(
                rx.cond(r.can_review, review_form()),
                rx.cond(
                    r.reviewed,
                    rx.text("You gave ", rx.text.strong(r.my_rating.to_string(), " ★"), rx.cond(~r.my_attended, " and reported that they did not come", ""), ".", size="2", data_testid="my-review"),
                ),
                rx.cond(r.they_reviewed, rx.text("They have reviewed you.", size="2", color_scheme="gray"), rx.cond(m.status == "awaiting_review", rx.text("Waiting for their review.", size="2", color_scheme="gray"))),
                rx.cond(r.can_dispute, dispute_form()),
                rx.cond(r.disputed, rx.text("You disputed their no-show report: no strike.", size="2", color_scheme="green")),
                rx.cond(r.strike, rx.callout("Their no-show report was not disputed in time and counts as a strike.", icon="triangle_alert", color_scheme="red")),
                form_error(S.errors),
                spacing="3",
                width="100%",
            ),
            width="100%",
            data_testid="review-section",
        ),
    )


def live_status() -> rx.Component:
    return rx.fragment(
        rx.cond(m.status == "in_progress", rx.callout("Your meeting is happening now.", icon="clock", color_scheme="green", data_testid="meeting-started")),
        rx.cond(m.status == "awaiting_review", rx.callout("The meeting has ended: please review it.", icon="star", color_scheme="violet", data_testid="review-prompt")),
    )
