"""MeetingRequestState: the request form (/meetings/new?with=<user id>)."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.meetings.domain import availability as hours
from engnest.meetings.domain import meeting_input
from engnest.meetings.domain.meeting_hours import time_warnings
from engnest.meetings.pages.spot_picker_state import SpotPickerState
from engnest.meetings.pages.views import SlotOffer
from engnest.meetings.services import availability, meeting_requests
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local, local_to_utc, to_local


class MeetingRequestState(rx.State):
    loaded: bool = False
    unavailable: str = ""
    problem: str = ""
    other_label: str = ""
    other_discipline: str = ""
    other_city: str = ""
    other_timezone: str = ""
    my_timezone: str = "UTC"
    credits: int = 0
    kind: str = "in_person"
    date: str = ""
    time: str = "18:00"
    duration: str = "60"
    errors: dict[str, str] = {}
    sending: bool = False
    slots: list[SlotOffer] = []  # times inside both people's weekly availability
    slot_status: str = ""  # "" | "no_mine" | "no_theirs" | "none"
    _other_id: int = 0
    _mine: list[hours.Window] = []
    _theirs: list[hours.Window] = []

    @rx.var
    def their_time(self) -> str:
        """The chosen start as the other person will see it (or '' while the input is incomplete)."""
        try:
            start = local_to_utc(meeting_input.parse_local(self.date, self.time), self.my_timezone)
        except ValidationFailed:
            return ""
        return format_local(start, self.other_timezone or "UTC")

    @rx.var
    def time_notes(self) -> list[str]:
        """Night-time for either person, or an in-person time when places are often closed."""
        try:
            start = local_to_utc(meeting_input.parse_local(self.date, self.time), self.my_timezone)
            minutes = meeting_input.check_duration(self.duration)
        except ValidationFailed:
            return []
        their_tz = self.other_timezone or "UTC"
        return time_warnings(start, minutes, my_tz=self.my_timezone, their_tz=their_tz, in_person=self.kind == "in_person") + hours.fit_notes(
            start, minutes, self._mine, self.my_timezone, self._theirs, their_tz
        )

    def _offer_slots(self) -> None:
        """Up to eight starts in the next two weeks inside both people's hours, for the chosen duration."""
        if not self._mine or not self._theirs:
            self.slots, self.slot_status = [], "no_mine" if not self._mine else "no_theirs"
            return
        try:
            minutes = meeting_input.check_duration(self.duration)
        except ValidationFailed:
            minutes = 60
        starts = hours.common_slots(self._mine, self.my_timezone, self._theirs, self.other_timezone or "UTC", now=utcnow(), minutes=minutes)
        self.slots = [
            SlotOffer(
                date=to_local(t, self.my_timezone).date().isoformat(), time=to_local(t, self.my_timezone).strftime("%H:%M"),
                label=format_local(t, self.my_timezone, "%a %d %b, %H:%M"), theirs=format_local(t, self.other_timezone or "UTC", "%a %H:%M"),
            )
            for t in starts
        ]
        self.slot_status = "" if self.slots else "none"

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.loaded, self.unavailable, self.errors, self.sending = False, "", {}, False
        self._other_id = parse_id(self.router.url.query_parameters.get("with", "")) or 0
        try:
            if not self._other_id:
                raise ValidationFailed(form="Choose someone to meet: open their card and press “Request a meeting”.")
            ctx = await in_session(meeting_requests.request_context, requester_id=user.id, recipient_id=self._other_id, now=utcnow())
        except ValidationFailed as exc:
            self._other_id, self.unavailable, self.loaded = 0, exc.first(), True
            return None
        other = ctx.other
        self.other_label, self.other_discipline, self.other_city = other.label, other.discipline, other.city
        self.other_timezone, self.my_timezone, self.problem, self.credits = other.timezone, ctx.my_timezone, ctx.problem, ctx.credits
        tomorrow = to_local(utcnow(), ctx.my_timezone).date() + dt.timedelta(days=1)
        self.kind, self.date, self.time, self.duration = "in_person", tomorrow.isoformat(), "18:00", "60"
        self._mine, self._theirs = await in_session(availability.pair_windows, requester_id=user.id, recipient_id=self._other_id)
        self._offer_slots()
        picker = await self.get_state(SpotPickerState)
        await picker._setup(user.id, self._other_id)
        self.loaded = True
        return None

    @rx.event
    def set_kind(self, value: str):
        self.kind = value if isinstance(value, str) and value in meeting_input.MEETING_KINDS else "in_person"

    @rx.event
    def set_date(self, value: str):
        self.date = str(value)[:10]

    @rx.event
    def set_time(self, value: str):
        self.time = str(value)[:8]

    @rx.event
    def set_duration(self, value: str):
        self.duration = str(value)[:6]
        self._offer_slots()

    @rx.event
    def pick_slot(self, date: str, time: str):
        """Fill the date and time from an offered slot (any values: the request re-validates them)."""
        self.date, self.time = str(date)[:10], str(time)[:8]

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        if not self._other_id:
            return None
        picker = await self.get_state(SpotPickerState)
        self.errors, self.sending = {}, True
        try:
            meeting = await in_session(
                meeting_requests.request_meeting,
                requester_id=user.id, recipient_id=self._other_id, kind=self.kind, start_date=self.date,
                start_time=self.time, duration=self.duration, message=str(form.get("message", ""))[:100_000],  # the real length is reported
                spot_id=picker.selected if self.kind == "in_person" else None, now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors, self.sending = exc.errors, False
            return None
        self.sending = False
        return rx.redirect(routes.meeting_url(meeting.id))
