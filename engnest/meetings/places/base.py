"""The places provider interface: where meeting spots come from."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from engnest.meetings.domain.meeting_spot import Proposal, SpotRules, propose_spots
from engnest.meetings.domain.spot_index import Place, SpotIndex
from engnest.platform.domain import geo


class PlacesProvider(ABC):
    name: str = "abstract"

    @abstractmethod
    def index_near(self, center: geo.LatLon, radius_km: float) -> SpotIndex:
        """An index holding at least the known places within `radius_km` of `center`."""

    @abstractmethod
    def get(self, place_id: str) -> Place | None:
        """A place by id (a spot someone picked), or None if we do not know it."""

    @abstractmethod
    def attribution(self) -> list[str]:
        """Lines to show wherever this provider's data is used."""

    def coverage_note(self) -> str:
        return ""

    def propose(
        self,
        a: geo.LatLon,
        b: geo.LatLon,
        *,
        rules: SpotRules,
        kinds: Sequence[str] | None = None,
        limit: int = 8,
        center: geo.LatLon | None = None,
    ) -> Proposal:
        apart = geo.distance_km(a, b)
        if apart > rules.max_apart_km:
            return Proposal(apart, None, (), "too_far")
        around = center or geo.midpoint(a, b)
        radius = min(rules.max_radius_km, apart / 2 + rules.near_slack_km + apart)
        index = self.index_near(around, radius)
        return propose_spots(a, b, index, rules=rules, kinds=kinds, limit=limit, center=center)
