"""ReportState: the "Report" dialog of a room (a message, or a person from the member list). The server resolves
the target as this caller may see it; the confirmation says the report stays between them and the moderators."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.domain.moderation import REASONS
from engnest.community.services import reports
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

THANKS = "Thank you. The moderators will look at it; the person you reported is not told who reported them."
ALREADY = "You had reported this already; the moderators have it."


def _file(*, session, reporter_id: int, kind: object, target_id: object, room_id: object, form: dict, now) -> bool:
    request = reports.check_report(session=session, reporter_id=reporter_id, kind=kind, target_id=target_id, reason=form.get("reason"),
                                   note=form.get("note", ""), room_id=room_id or None, now=now)
    return reports.do_report(session=session, request=request, now=now)


class ReportState(rx.State):
    open: bool = False
    kind: str = ""
    target_id: int = 0
    room_id: int = 0
    subject: str = ""
    errors: dict[str, str] = {}

    @rx.event
    def start(self, kind: str, target_id: int, room_id: int, subject: str = ""):
        """Open the dialog (writes nothing: `submit` checks everything on the server)."""
        self.kind = kind if kind in ("message", "person", "post", "comment") else ""
        self.target_id = target_id if isinstance(target_id, int) else 0
        self.room_id = room_id if isinstance(room_id, int) else 0
        self.subject = subject[:200] if isinstance(subject, str) else ""
        self.errors, self.open = {}, bool(self.kind and self.target_id)

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value)

    @rx.event
    async def submit(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            filed = await in_session(_file, reporter_id=user.id, kind=self.kind, target_id=self.target_id, room_id=self.room_id,
                                     form=form if isinstance(form, dict) else {}, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors, self.open = {}, False
        return rx.toast.success(THANKS if filed else ALREADY, id="report-sent")


def report_dialog() -> rx.Component:
    field_error = lambda name: rx.cond(  # noqa: E731
        ReportState.errors.contains(name), rx.text(ReportState.errors[name], color_scheme="red", size="2", role="alert", data_testid=f"report-error-{name}"),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(ReportState.kind == "person", "Report a person", "Report a message")),
            rx.dialog.description(ReportState.subject, size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.select.root(
                        rx.select.trigger(placeholder="Why?", aria_label="Reason", data_testid="report-reason"),
                        rx.select.content(*[rx.select.item(label, value=key) for key, label in REASONS.items()]),
                        name="reason",
                    ),
                    field_error("reason"),
                    rx.text_area(name="note", placeholder="Anything the moderators should know (optional)", max_length=500, width="100%", data_testid="report-note"),
                    field_error("note"),
                    field_error("form"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button("Send report", type="submit", color_scheme="red", data_testid="report-send"),
                        justify="end", width="100%",
                    ),
                    width="100%",
                ),
                on_submit=ReportState.submit,
                reset_on_submit=False,
            ),
            max_width="440px",
        ),
        open=ReportState.open,
        on_open_change=ReportState.set_open,
    )
