"""Settings → Availability: the hours I am usually free on each weekday, in my timezone. Meeting requests offer
times that suit both people and warn for times outside them."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.meetings.domain.availability import WEEKDAYS
from engnest.meetings.services import availability
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.forms import field, section_card

EMPTY_WEEK = [""] * 7


class AvailabilitySettingsState(rx.State):
    days: list[str] = EMPTY_WEEK
    timezone: str = "UTC"
    errors: dict[str, str] = {}
    note: str = ""
    saving: bool = False

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return None  # the page's own guard redirects
        self.days = await in_session(availability.week_texts, user_id=user.id)
        self.timezone, self.errors, self.note = user.timezone, {}, ""
        return None

    @rx.event
    def set_day(self, index: int, value: str):
        if isinstance(index, int) and 0 <= index < 7 and isinstance(value, str):
            days = list(self.days)
            days[index] = value[:200]
            self.days, self.note = days, ""

    @rx.event
    async def save(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.saving, self.errors, self.note = True, {}, ""
        try:
            await in_session(availability.set_week, user_id=user.id, texts=list(self.days), now=utcnow())
        except ValidationFailed as exc:
            self.errors, self.saving = exc.errors, False
            return None
        self.days = await in_session(availability.week_texts, user_id=user.id)
        self.saving, self.note = False, "Saved. Meeting requests now offer times that suit you both."
        return None


def _day_row(index: int) -> rx.Component:
    S = AvailabilitySettingsState
    key = WEEKDAYS[index].lower()
    return field(
        WEEKDAYS[index],
        rx.input(
            id=f"availability-{key}", value=S.days[index], on_change=lambda v: S.set_day(index, v),
            placeholder="e.g. 09:00-12:00, 14:00-18:00", width="100%", data_testid=f"availability-{key}",
        ),
        S.errors, key, field_id=f"availability-{key}",
    )


def availability_card() -> rx.Component:
    S = AvailabilitySettingsState
    return section_card(
        "Availability",
        "The hours you are usually free each week. When someone asks to meet you, EngNest offers times inside "
        "both people's hours and warns about times outside them. Leave a day empty if you are not free that day.",
        rx.text("In your timezone: ", rx.text.strong(S.timezone), size="2"),
        rx.grid(*[_day_row(i) for i in range(7)], columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
        rx.hstack(
            rx.button("Save availability", on_click=S.save, loading=S.saving, data_testid="availability-save"),
            rx.cond(S.note != "", rx.text(S.note, size="2", color_scheme="green", data_testid="availability-note")),
            align="center", wrap="wrap",
        ),
        test_id="availability-card",
    )
