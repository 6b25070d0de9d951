"""What the meeting pages show, as typed view models built from the services' read results (no reflex here;
Reflex state vars hold these dataclasses, and the pages read their fields, flags as real booleans)."""

from __future__ import annotations

import dataclasses

from engnest.meetings.services.meeting_views import HistoryItem, MeetingView
from engnest.meetings.services.reviews import ReviewPanel
from engnest.platform import routes


@dataclasses.dataclass
class MeetingCard:
    """One meeting as its page shows it to the viewer (times in their timezone, the other person anonymised
    unless they are collaborators)."""

    id: str = ""
    status: str = ""
    status_label: str = ""
    kind: str = ""
    kind_label: str = ""
    start: str = ""
    end: str = ""
    start_theirs: str = ""
    duration: str = ""
    message: str = ""
    other_label: str = ""
    other_name: str = ""
    other_discipline: str = ""
    other_city: str = ""
    other_pitch: str = ""
    other_url: str = ""
    spot_id: str = ""
    spot_name: str = ""
    spot_kind: str = ""
    spot_city: str = ""
    my_km: str = ""
    their_trip: str = ""
    cancel_reason: str = ""
    late: bool = False
    ics_url: str = ""
    awaiting_me: bool = False
    i_requested: bool = False
    cancelled_by_me: bool = False
    would_be_late: bool = False
    uses_credit: bool = False
    change_when: str = ""
    change_by_me: bool = False
    change_message: str = ""


def meeting_card(view: MeetingView) -> MeetingCard:
    o = view.other
    return MeetingCard(
        id=str(view.id), status=view.status, status_label=view.status_label, kind=view.kind, kind_label=view.kind_label,
        start=view.start, end=view.end, start_theirs=view.start_theirs, duration=view.duration_label, message=view.message,
        other_label=o.label, other_name=o.name, other_discipline=o.discipline, other_city=o.city, other_pitch=o.pitch,
        other_url=routes.person_url(o.user_id), spot_id=view.spot_id, spot_name=view.spot_name, spot_kind=view.spot_kind,
        spot_city=view.spot_city, my_km="" if view.my_km is None else f"{view.my_km:.1f}", their_trip=view.their_trip,
        cancel_reason=view.cancel_reason, late=view.late_cancel, ics_url=view.ics_url, awaiting_me=view.awaiting_me,
        i_requested=view.i_requested, cancelled_by_me=view.cancelled_by_me, would_be_late=view.cancel_would_be_late,
        uses_credit=view.uses_credit, change_when=view.change_when, change_by_me=view.change_by_me, change_message=view.change_message,
    )


@dataclasses.dataclass
class HistoryRow:
    who: str = ""
    action: str = ""
    when: str = ""
    spot: str = ""
    note: str = ""
    at: str = ""


def history_rows(items: list[HistoryItem]) -> list[HistoryRow]:
    return [HistoryRow(who=h.who, action=h.action, when=h.when, spot=h.spot, note=h.note, at=h.at) for h in items]


@dataclasses.dataclass
class ReviewBox:
    """The review/dispute panel; `shown` once the meeting has ended (nothing to show before)."""

    shown: bool = False
    can_review: bool = False
    reviewed: bool = False
    my_rating: int = 0
    my_comment: str = ""
    my_attended: bool = True
    they_reviewed: bool = False
    deadline: str = ""
    reported: bool = False
    can_dispute: bool = False
    disputed: bool = False
    strike: bool = False
    dispute_until: str = ""


def review_box(panel: ReviewPanel | None) -> ReviewBox:
    if panel is None:
        return ReviewBox()
    return ReviewBox(shown=True, **dataclasses.asdict(panel))


@dataclasses.dataclass
class SpotOption:
    """A fair spot in the picker: its trip for me, and for them (a coarse comparison for strangers)."""

    id: str = ""
    name: str = ""
    kind: str = ""
    city: str = ""
    mine: str = ""
    theirs: str = ""


@dataclasses.dataclass
class SlotOffer:
    """A start inside both people's weekly hours: my date and time (the form's inputs), labels for both."""

    date: str = ""
    time: str = ""
    label: str = ""
    theirs: str = ""


@dataclasses.dataclass
class UpcomingRow:
    when: str = ""
    title: str = ""
    status: str = ""
    status_label: str = ""
    url: str = ""


@dataclasses.dataclass
class Standing:
    """Someone's track record on their profile; `suspended` (a message) only on the person's own page."""

    shown: bool = False
    rating: str = ""
    reliability: str = ""
    suspended: str = ""
