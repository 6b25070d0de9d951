"""/moderation: reports to handle (room moderators: their rooms; site admins: everything) with one form per report
(action, words to the person, days for a suspension), and for site admins the audit of every action."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.community.domain.moderation import SUSPENSION_DAYS
from engnest.community.pages.moderation_state import ModerationState as M
from engnest.community.pages.sanctions_state import SanctionsState, sanctions_panel
from engnest.platform.ui.shell import app_page

ROOM_ACTIONS = [("dismiss", "Dismiss"), ("remove", "Remove the content"), ("warn", "Warn the person"), ("mute", "Mute in the room for 24 h"),
                ("ban", "Ban from the room")]
ADMIN_ACTIONS = [*ROOM_ACTIONS, ("suspend", "Suspend the account")]


def _action_select(actions: list[tuple[str, str]]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Choose an action", aria_label="Action", data_testid="moderation-action"),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in actions]),
        name="action",
    )


def _report(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(item.kind, variant="soft"),
                rx.badge(item.reason, color_scheme="red", variant="soft"),
                rx.cond(item.room != "", rx.text("in ", rx.text.strong(item.room), size="2")),
                rx.cond(item.reports > 1, rx.badge(item.reports.to_string(), " reports", variant="outline", data_testid="moderation-count")),
                rx.spacer(),
                rx.text(item.when, size="1", color_scheme="gray"),
                width="100%", align="center",
            ),
            rx.text("Reported: ", rx.text.strong(item.reported), " · by ", item.reporter, size="2", data_testid="moderation-people"),
            rx.cond(item.excerpt != "", rx.blockquote(item.excerpt, size="2", data_testid="moderation-excerpt")),
            rx.cond(item.note != "", rx.text("Note: ", item.note, size="2", color_scheme="gray")),
            rx.form(
                rx.vstack(
                    rx.el.input(type="hidden", name="report_id", value=item.id.to_string()),
                    rx.cond(M.is_admin, _action_select(ADMIN_ACTIONS), _action_select(ROOM_ACTIONS)),
                    rx.input(name="message", placeholder="What the person is told (required to warn or suspend)", max_length=280, width="100%",
                             data_testid="moderation-message"),
                    rx.cond(M.is_admin, rx.select([str(d) for d in SUSPENSION_DAYS], name="days", placeholder="Suspend for (days)", aria_label="Days")),
                    rx.cond(M.error_for == item.id, rx.foreach(M.errors.values(), lambda e: rx.text(e, color_scheme="red", size="2", role="alert",
                                                                                                 data_testid="moderation-error"))),
                    rx.button("Apply", type="submit", data_testid="moderation-apply"),
                    width="100%", align="start",
                ),
                on_submit=M.resolve,
                reset_on_submit=True,
                width="100%",
            ),
            width="100%",
        ),
        width="100%",
        data_testid="moderation-report",
    )


def _audit() -> rx.Component:
    return rx.cond(
        M.is_admin,
        rx.vstack(
            rx.heading("Audit", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("When", "Who", "Action", "On", "Room", "Reason", "Detail")])),
                rx.table.body(rx.foreach(M.audit, lambda a: rx.table.row(
                    rx.table.cell(a.when), rx.table.cell(a.actor), rx.table.cell(a.action), rx.table.cell(a.target), rx.table.cell(a.room),
                    rx.table.cell(a.reason), rx.table.cell(a.detail), data_testid="audit-row",
                ))),
                size="1", width="100%",
            ),
            width="100%",
        ),
    )


def moderation_page() -> rx.Component:
    return app_page(
        rx.heading("Moderation", size="6"),
        rx.cond(
            M.refused != "",
            rx.callout(M.refused, icon="lock", color_scheme="amber", data_testid="moderation-refused"),
            rx.vstack(
                rx.cond(M.items.length() == 0, rx.text("Nothing to handle. Reports from your rooms appear here.", color_scheme="gray",
                                                       data_testid="moderation-empty")),
                rx.foreach(M.items, _report),
                sanctions_panel(),
                _audit(),
                width="100%", spacing="3",
            ),
        ),
        max_width="1000px",
    )


ON_LOAD = [AuthState.require_login, M.load, SanctionsState.load]
