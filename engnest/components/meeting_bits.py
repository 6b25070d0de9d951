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
