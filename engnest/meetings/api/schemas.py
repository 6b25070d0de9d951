"""What the meeting endpoints publish and accept, built field by field from the views the meeting pages use: the
other person is as the page shows them (a name only for collaborators), times leave as UTC (and, where the page
shows words, in the caller's timezone)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from engnest.meetings.domain.calendar_view import CalendarItem
from engnest.meetings.domain.meeting_input import MAX_MINUTES, MIN_MINUTES
from engnest.meetings.models import Meeting
from engnest.meetings.services.meeting_people import PersonSummary
from engnest.meetings.services.meeting_spots import SpotOption, SpotOptions
from engnest.meetings.services.meeting_views import MeetingView
from engnest.meetings.services.reviews import ReviewPanel
from engnest.platform import routes
from engnest.platform.api.schemas import Utc
from engnest.platform.settings import get_settings

Date = Field(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD in your account's timezone.")
Time = Field(max_length=5, pattern=r"^\d{2}:\d{2}$", description="HH:MM in your account's timezone.")
Minutes = Field(ge=MIN_MINUTES, le=MAX_MINUTES, description="Minutes (30, 45, 60, 90, 120, 180 or 240).")
SpotId = Field(None, max_length=200, description="A `place_id` from `GET /meetings/spots` (in person only).")
Message = Field("", max_length=5000)


class OtherPublic(BaseModel):
    """The other person as the meeting page shows them: no name until you are collaborators."""

    user_id: int
    label: str
    name: str = Field(description="Empty unless you are collaborators.")
    discipline: str
    city: str
    timezone: str
    collaborator: bool

    @classmethod
    def of(cls, p: PersonSummary) -> OtherPublic:
        return cls(user_id=p.user_id, label=p.label, name=p.name if p.full else "", discipline=p.discipline, city=p.city,
                   timezone=p.timezone, collaborator=p.full)


class SpotPublic(BaseModel):
    place_id: str
    name: str
    kind: str
    city: str
    lat: float | None
    lon: float | None


class PendingChangePublic(BaseModel):
    when: str = Field(description="The proposed new time, in your timezone.")
    by_me: bool
    message: str


class HistoryPublic(BaseModel):
    who: str
    action: str
    when: str
    spot: str
    note: str
    at: str


class ReviewPublic(BaseModel):
    can_review: bool
    reviewed: bool
    my_rating: int
    my_comment: str
    my_attended: bool
    they_reviewed: bool
    deadline: str
    reported: bool
    can_dispute: bool
    disputed: bool
    strike: bool

    @classmethod
    def of(cls, r: ReviewPanel) -> ReviewPublic:
        return cls(can_review=r.can_review, reviewed=r.reviewed, my_rating=r.my_rating, my_comment=r.my_comment, my_attended=r.my_attended,
                   they_reviewed=r.they_reviewed, deadline=r.deadline, reported=r.reported, can_dispute=r.can_dispute,
                   disputed=r.disputed, strike=r.strike)


class MeetingPublic(BaseModel):
    id: int
    status: str = Field(description="pending | countered | accepted | in_progress | completed | declined | cancelled | …")
    kind: str = Field(description="in_person | online")
    start_at: Utc
    end_at: Utc
    start: str = Field(description="The start in your timezone, as the meeting page shows it.")
    duration_minutes: int
    message: str
    i_requested: bool
    awaiting_me: bool
    actions: list[str] = Field(description="What you may do now: accept, counter, decline, cancel, …")
    other: OtherPublic
    spot: SpotPublic | None
    my_km: float | None
    their_trip: str
    cancel_reason: str
    late_cancel: bool
    cancelled_by_me: bool
    uses_credit: bool
    ics_url: str
    pending_change: PendingChangePublic | None
    review: ReviewPublic | None
    history: list[HistoryPublic]

    @classmethod
    def of(cls, v: MeetingView, row: Meeting) -> MeetingPublic:
        spot = SpotPublic(place_id=v.spot_id, name=v.spot_name, kind=v.spot_kind, city=v.spot_city, lat=v.spot_lat, lon=v.spot_lon) if v.spot_id else None
        change = PendingChangePublic(when=v.change_when, by_me=v.change_by_me, message=v.change_message) if v.change_when else None
        return cls(
            id=v.id, status=v.status, kind=v.kind, start_at=row.start_at, end_at=row.end_at, start=v.start, duration_minutes=v.duration,
            message=v.message, i_requested=v.i_requested, awaiting_me=v.awaiting_me, actions=list(v.actions), other=OtherPublic.of(v.other),
            spot=spot, my_km=v.my_km, their_trip=v.their_trip, cancel_reason=v.cancel_reason, late_cancel=v.late_cancel,
            cancelled_by_me=v.cancelled_by_me, uses_credit=v.uses_credit, ics_url=v.ics_url, pending_change=change,
            review=ReviewPublic.of(v.review) if v.review else None,
            history=[HistoryPublic(who=h.who, action=h.action, when=h.when, spot=h.spot, note=h.note, at=h.at) for h in v.history],
        )


class MeetingSent(MeetingPublic):
    created: bool = Field(description="False when the same request was already open (a retry): nothing new was sent.")


class MeetingItemPublic(BaseModel):
    """One meeting in a list or the calendar; `uid` is the event's UID in the .ics files and the calendar feed."""

    id: int
    uid: str
    title: str
    status: str
    start_at: Utc
    end_at: Utc
    url: str
    ics_url: str

    @classmethod
    def of(cls, item: CalendarItem) -> MeetingItemPublic:
        settings = get_settings()
        return cls(id=item.id, uid=f"meeting-{item.id}@engnest", title=item.title, status=item.status, start_at=item.start_at,
                   end_at=item.end_at, url=settings.public_url.rstrip("/") + routes.meeting_url(item.id),
                   ics_url=settings.backend_url + routes.meeting_ics_url(item.id))


class MeetingCreate(BaseModel):
    user_id: int = Field(ge=1, le=2**31 - 1, description="Whom to meet.")
    kind: Literal["in_person", "online"]
    date: str = Date
    time: str = Time
    duration: int = Minutes
    spot_id: str | None = SpotId
    message: str = Message


class CounterCreate(BaseModel):
    date: str = Date
    time: str = Time
    duration: int = Minutes
    spot_id: str | None = SpotId
    message: str = Message


class CancelBody(BaseModel):
    reason: str = Field("", max_length=2000, description="Required to cancel an accepted meeting.")


class ReviewCreate(BaseModel):
    rating: int = Field(ge=1, le=5)
    attended: bool = Field(description="Did they come?")
    comment: str = Field("", max_length=2000)


class SpotOptionPublic(BaseModel):
    place_id: str
    name: str
    kind: str
    city: str
    lat: float
    lon: float
    my_km: float
    my_minutes: int
    theirs: str = Field(description="Their trip: km and minutes for collaborators, a comparison with yours otherwise.")

    @classmethod
    def of(cls, s: SpotOption) -> SpotOptionPublic:
        return cls(place_id=s.place_id, name=s.name, kind=s.kind, city=s.city, lat=s.lat, lon=s.lon, my_km=s.my_km,
                   my_minutes=s.my_minutes, theirs=s.theirs)


class SpotOptionsPublic(BaseModel):
    spots: list[SpotOptionPublic] = Field(description="Fairest first: halfway between you, as the request page ranks them.")
    problem: str
    coverage_note: str
    attribution: list[str]

    @classmethod
    def of(cls, o: SpotOptions) -> SpotOptionsPublic:
        return cls(spots=[SpotOptionPublic.of(s) for s in o.spots], problem=o.problem, coverage_note=o.coverage_note,
                   attribution=list(o.attribution))
