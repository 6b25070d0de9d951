"""MeetingDetailState: one meeting (/meetings/<id>) with the actions allowed right now. Reloads live when
either person changes the meeting (topic "meeting")."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.meetings.components.spot_map import MapPerson, MapSpot
from engnest.meetings.domain import availability as hours
from engnest.meetings.domain import meeting_input
from engnest.meetings.domain.meeting_hours import time_warnings
from engnest.meetings.pages.spot_picker_state import SpotPickerState
from engnest.meetings.pages.views import HistoryRow, MeetingCard, ReviewBox, history_rows, meeting_card, review_box
from engnest.meetings.places import registry
from engnest.meetings.services import availability, meeting_actions, meeting_changes, meeting_clock, meeting_views, reviews
from engnest.meetings.services.meeting_common import TOPIC
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local, local_to_utc


def meeting_id_from_path(path: str) -> str:
    return (path or "").rstrip("/").rsplit("/", 1)[-1]


class MeetingDetailState(rx.State):
    loaded: bool = False
    not_found: bool = False
    m: MeetingCard = MeetingCard()
    other_full: bool = False
    other_skills: list[str] = []
    actions: list[str] = []
    history: list[HistoryRow] = []
    has_spot: bool = False
    spot_marker: list[MapSpot] = []
    homes: list[MapPerson] = []
    attribution: list[str] = []
    errors: dict[str, str] = {}
    notice: str = ""
    panel: str = ""  # "" | "counter" | "cancel" | "change"
    review: ReviewBox = ReviewBox()  # the review/dispute panel (shown once the meeting has ended)
    counter_date: str = ""
    counter_time: str = ""
    counter_duration: str = "60"
    _meeting_id: int = 0
    _viewer_id: int = 0
    _my_tz: str = "UTC"
    _their_tz: str = "UTC"
    _agreed: tuple[str, str, str] = ("", "", "60")  # the meeting's own date, time, duration (the panel's start)
    _mine: list[hours.Window] = []  # both people's weekly availability, for the proposal's warnings
    _theirs: list[hours.Window] = []

    def _counter_start(self):
        """The proposed start (aware UTC) and minutes, or None while the inputs are incomplete."""
        try:
            start = local_to_utc(meeting_input.parse_local(self.counter_date, self.counter_time), self._my_tz)
            return start, meeting_input.check_duration(self.counter_duration)
        except ValidationFailed:
            return None

    def _proposed_when(self, form: dict) -> dict[str, str]:
        """The panel's date, time and duration (kept in the state as they change); a client that sends them
        in the form itself is read the same way."""
        return {
            "start_date": str(form.get("date", self.counter_date))[:10],
            "start_time": str(form.get("time", self.counter_time))[:8],
            "duration": str(form.get("duration", self.counter_duration))[:6],
        }

    @rx.var
    def counter_their_time(self) -> str:
        """The proposed start as the other person will see it (the request form shows the same line)."""
        found = self._counter_start()
        return format_local(found[0], self._their_tz) if found else ""

    @rx.var
    def counter_notes(self) -> list[str]:
        found = self._counter_start()
        if not found:
            return []
        start, minutes = found
        return time_warnings(start, minutes, my_tz=self._my_tz, their_tz=self._their_tz, in_person=self.m.kind == "in_person") + hours.fit_notes(
            start, minutes, self._mine, self._my_tz, self._theirs, self._their_tz
        )

    async def _reload(self, user_id: int) -> None:
        try:
            view = await in_session(meeting_views.meeting_view, meeting_id=self._meeting_id, viewer_id=user_id, now=utcnow())
        except ValidationFailed:
            self.not_found, self.m, self.actions, self.loaded = True, MeetingCard(), [], True
            return
        o = view.other
        self.m, self.review = meeting_card(view), review_box(view.review)
        self.other_full, self.other_skills, self.actions = o.full, list(o.skills), view.actions
        self.history = history_rows(view.history)
        self.has_spot = view.spot_lat is not None
        self.attribution = registry.provider().attribution() if self.has_spot else []
        self.homes = [MapPerson(label=p["label"], lat=p["lat"], lon=p["lon"]) for p in view.people]
        self.spot_marker = [MapSpot(id=view.spot_id, name=view.spot_name, lat=view.spot_lat, lon=view.spot_lon)] if view.spot_lat is not None and view.spot_lon is not None else []
        self._their_tz = o.timezone or "UTC"
        self._mine, self._theirs = await in_session(availability.pair_windows, requester_id=user_id, recipient_id=o.user_id)
        self._agreed = (view.local_date, view.local_time, str(view.duration))
        if not self.panel:  # an open panel keeps what is being typed when the meeting reloads
            self.counter_date, self.counter_time, self.counter_duration = self._agreed
        self.not_found, self.loaded = False, True
        if ("counter" in view.actions or "propose_change" in view.actions) and view.kind == "in_person":
            picker = await self.get_state(SpotPickerState)
            await picker._setup(user_id, o.user_id, selected=view.spot_id)

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.loaded, self.errors, self.notice, self.panel = False, {}, "", ""
        self._meeting_id = parse_id(meeting_id_from_path(self.router.url.path)) or 0
        self._viewer_id, self._my_tz = user.id, user.timezone
        await in_session(meeting_clock.do_catch_up, user_id=user.id, now=utcnow())
        await self._reload(user.id)
        return None

    async def _on_meeting_push(self, topic: str, payload: dict) -> None:
        if self.loaded and self._viewer_id and int(payload.get("meeting_id", 0)) == self._meeting_id:
            await self._reload(self._viewer_id)

    async def _act(self, fn, done: str, **kwargs):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.notice = {}, ""
        try:
            await in_session(fn, meeting_id=self._meeting_id, user_id=user.id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.panel, self.notice = "", done
        await self._reload(user.id)
        return None

    @rx.event
    def open_panel(self, name: str):
        self.panel = name if name in ("counter", "cancel", "change") else ""
        self.errors = {}
        self.counter_date, self.counter_time, self.counter_duration = self._agreed

    @rx.event
    def set_counter_date(self, value: str):
        self.counter_date = str(value)[:10]

    @rx.event
    def set_counter_time(self, value: str):
        self.counter_time = str(value)[:8]

    @rx.event
    def set_counter_duration(self, value: str):
        self.counter_duration = str(value)[:6]

    @rx.event
    async def accept(self):
        return await self._act(meeting_actions.accept, "Accepted. You are now collaborators.")

    @rx.event
    async def decline(self):
        return await self._act(meeting_actions.decline, "Declined.")

    @rx.event
    async def cancel(self, form: dict):
        form = form if isinstance(form, dict) else {}
        withdrawing = self.m.status in ("pending", "countered")
        return await self._act(meeting_actions.cancel, "Withdrawn." if withdrawing else "Cancelled.", reason=str(form.get("reason", ""))[:100_000])

    @rx.event
    async def counter(self, form: dict):
        form = form if isinstance(form, dict) else {}
        picker = await self.get_state(SpotPickerState)
        return await self._act(
            meeting_actions.counter, "Sent your proposal.",
            **self._proposed_when(form), message=str(form.get("message", ""))[:100_000],
            spot_id=picker.selected if self.m.kind == "in_person" else None,
        )


    @rx.event
    async def submit_review(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._act(
            reviews.submit_review, "Thank you: your review is saved.",
            rating=str(form.get("rating", ""))[:4], comment=str(form.get("comment", ""))[:4000], attended=str(form.get("attended", ""))[:8],
        )

    @rx.event
    async def dispute(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._act(reviews.dispute, "Disputed: no strike will be recorded.", note=str(form.get("note", ""))[:4000])

    @rx.event
    async def propose_change(self, form: dict):
        form = form if isinstance(form, dict) else {}
        picker = await self.get_state(SpotPickerState)
        return await self._act(
            meeting_changes.propose_change, "Sent: the agreed time holds until they accept the change.",
            **self._proposed_when(form), message=str(form.get("message", ""))[:100_000],
            spot_id=picker.selected if self.m.kind == "in_person" else None,
        )

    @rx.event
    async def accept_change(self):
        return await self._act(meeting_changes.accept_change, "The meeting has moved.")

    @rx.event
    async def decline_change(self):
        return await self._act(meeting_changes.decline_change, "Declined: the agreed time stays.")

    @rx.event
    async def withdraw_change(self):
        return await self._act(meeting_changes.withdraw_change, "Withdrawn: the agreed time stays.")


realtime.subscribe(TOPIC, MeetingDetailState, "_on_meeting_push")
