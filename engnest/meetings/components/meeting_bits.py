"""Small pieces shared by the meeting pages (they take vars, never states)."""

from __future__ import annotations

import reflex as rx

STATUS_COLORS = {
    "pending": "amber",
    "countered": "orange",
    "accepted": "green",
    "in_progress": "grass",
    "awaiting_review": "violet",
    "closed": "gray",
    "declined": "gray",
    "cancelled": "red",
    "completed": "blue",
}


def status_color(status: rx.Var) -> rx.Var:
    return rx.match(status, *[(k, v) for k, v in STATUS_COLORS.items()], "gray")


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    return rx.badge(label, color_scheme=status_color(status), size="2", data_testid="meeting-status")


def their_time_notes(their_time: rx.Var, notes: rx.Var) -> rx.Component:
    """Under a proposed time: what it is for the other person, and warnings (night-time, closed places)."""
    return rx.vstack(
        rx.cond(their_time != "", rx.text("That is ", rx.text.strong(their_time), " for them.", size="2", data_testid="their-time")),
        rx.foreach(
            notes,
            lambda note: rx.callout(note, icon="moon", color_scheme="orange", size="1", width="100%", data_testid="time-warning"),
        ),
        spacing="2",
        width="100%",
    )
