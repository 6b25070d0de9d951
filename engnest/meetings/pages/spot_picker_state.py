"""SpotPickerState: the fair spots between the caller and one other person (request form, counter form).

The page that shows it calls `_setup` after checking who may see what; every handler here checks again that
the caller is the same user, and the service re-checks the pair (blocks) on every call.
"""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.meetings.components.spot_map import MapPerson, MapSpot
from engnest.meetings.domain.meeting_spot import TRAVEL_MODES
from engnest.meetings.domain.spot_index import KIND_PLURALS
from engnest.meetings.pages.views import SpotOption
from engnest.meetings.services import meeting_spots
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

KIND_CHOICES = {"all": "All kinds", **{k: label[:1].upper() + label[1:] for k, label in KIND_PLURALS.items()}}


class SpotPickerState(rx.State):
    spots: list[SpotOption] = []
    map_spots: list[MapSpot] = []
    people: list[MapPerson] = []
    selected: str = ""
    kind: str = "all"
    mode: str = "transit"
    near: str = ""
    problem: str = ""
    coverage: str = ""
    too_far: bool = False
    attribution: list[str] = []
    _viewer_id: int = 0
    _other_id: int = 0

    @rx.var
    def selected_name(self) -> str:
        return next((s.name for s in self.spots if s.id == self.selected), "")

    async def _setup(self, viewer_id: int, other_id: int, selected: str = "") -> None:
        self._viewer_id, self._other_id = viewer_id, other_id
        self.kind, self.mode, self.near, self.selected = "all", "transit", "", selected
        await self._refresh()
        if not self.selected and self.spots:
            self.selected = self.spots[0].id

    async def _refresh(self) -> None:
        try:
            found = await in_session(
                meeting_spots.spot_options, viewer_id=self._viewer_id, other_id=self._other_id,
                kinds=None if self.kind == "all" else [self.kind], mode=self.mode, near_text=self.near,
            )
        except ValidationFailed as exc:
            self.spots, self.map_spots, self.people, self.problem = [], [], [], exc.first()
            return
        self.spots = [
            SpotOption(
                id=s.place_id, name=s.name, kind=s.kind_label, city=s.city, mine=meeting_spots.trip_label(s.my_km, s.my_minutes), theirs=s.theirs,
            )
            for s in found.spots
        ]
        self.map_spots = [MapSpot(id=s.place_id, name=s.name, lat=s.lat, lon=s.lon) for s in found.spots]
        self.people = [MapPerson(label=p["label"], lat=p["lat"], lon=p["lon"]) for p in found.people]
        self.problem, self.coverage = found.problem, found.coverage_note
        self.too_far, self.attribution = found.too_far, found.attribution

    async def _same_caller(self) -> bool:
        user = await caller(self)
        if user is None or user.id != self._viewer_id or not self._other_id:
            self.spots, self.map_spots, self.people = [], [], []
            return False
        return True

    @rx.event
    async def set_kind(self, value: str):
        if await self._same_caller():
            self.kind = value if isinstance(value, str) and value in KIND_CHOICES else "all"
            await self._refresh()

    @rx.event
    async def set_mode(self, value: str):
        if await self._same_caller():
            self.mode = value if isinstance(value, str) and value in TRAVEL_MODES else "transit"
            await self._refresh()

    @rx.event
    async def search_near(self, form: dict):
        if await self._same_caller():
            self.near = str((form or {}).get("near", "") if isinstance(form, dict) else "")[:120]
            await self._refresh()

    @rx.event
    async def clear_near(self):
        if await self._same_caller():
            self.near = ""
            await self._refresh()

    @rx.event
    def select(self, spot_id: str):
        """Only marks the choice: the service checks the spot again when the request is sent."""
        self.selected = str(spot_id)[:120] if isinstance(spot_id, str) else ""
