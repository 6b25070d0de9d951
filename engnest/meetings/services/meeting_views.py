"""Reading meetings for one viewer: everything shown is already in the viewer's timezone, and the other
person is anonymised unless they are collaborators. Reads only (no commits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.meetings.domain.calendar_view import CalendarItem
from engnest.meetings.domain.meeting_input import DURATIONS, MEETING_KINDS
from engnest.meetings.domain.meeting_lifecycle import ENDED, LATE_CANCEL_HOURS, STATUSES, allowed_actions
from engnest.meetings.domain.meeting_spot import trip_comparison
from engnest.meetings.domain.spot_index import KINDS
from engnest.meetings.models import Meeting, MeetingEvent, MeetingParticipant
from engnest.meetings.services.meeting_people import PersonSummary, home_of, labels_for, person_for
from engnest.meetings.services.meeting_transition import facts_of, get_meeting_for
from engnest.meetings.services.reviews import ReviewPanel, review_panel
from engnest.platform import routes
from engnest.platform.domain.timezones import ensure_aware_utc, format_local, to_local
from engnest.platform.settings import get_settings

FULL = "%a %d %b %Y, %H:%M"
ACTION_WORDS = {
    "requested": "requested", "countered": "proposed", "accepted": "accepted", "declined": "declined", "cancelled": "cancelled",
    "completed": "completed", "started": "started", "ended": "ended", "closed": "closed", "rescheduled": "moved the meeting to",
}


@dataclass(frozen=True)
class HistoryItem:
    who: str
    action: str
    when: str  # the proposed start, in the viewer's timezone
    spot: str
    note: str
    at: str  # when it happened


@dataclass(frozen=True)
class MeetingView:
    id: int
    status: str
    status_label: str
    kind: str
    kind_label: str
    start: str
    end: str
    start_theirs: str
    local_date: str
    local_time: str
    duration: int
    duration_label: str
    message: str
    i_requested: bool
    awaiting_me: bool
    other: PersonSummary
    actions: list[str]
    spot_id: str
    spot_name: str
    spot_kind: str
    spot_city: str
    spot_lat: float | None
    spot_lon: float | None
    my_km: float | None
    their_trip: str  # their km for collaborators, a comparison with mine for strangers ('' without a spot)
    late_cancel: bool
    cancel_reason: str
    cancelled_by_me: bool
    uses_credit: bool
    ics_url: str
    cancel_would_be_late: bool
    change_when: str = ""  # a pending change of the accepted meeting, in the viewer's timezone
    change_by_me: bool = False
    change_message: str = ""
    review: ReviewPanel | None = None
    people: list[dict[str, Any]] = field(default_factory=list)  # map markers {label, lat, lon}: my city, theirs as I may see it
    history: list[HistoryItem] = field(default_factory=list)


def _tz(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.timezone if user else "UTC"


def meeting_view(*, session: Session, meeting_id: object, viewer_id: int, now: dt.datetime) -> MeetingView:
    m = get_meeting_for(session=session, meeting_id=meeting_id, user_id=viewer_id)
    assert m.id is not None  # a stored meeting
    tz = _tz(session, viewer_id)
    other_id = m.other_id(viewer_id)
    other = person_for(session=session, viewer_id=viewer_id, person_id=other_id)
    start, end = ensure_aware_utc(m.start_at), ensure_aware_utc(m.end_at)
    local = to_local(start, tz)
    mine = viewer_id == m.requester_id
    return MeetingView(
        id=m.id, status=m.status, status_label=STATUSES[m.status], kind=m.kind, kind_label=MEETING_KINDS[m.kind],
        start=format_local(start, tz, FULL), end=format_local(end, tz, "%H:%M"),
        start_theirs=format_local(start, other.timezone, FULL), local_date=local.strftime("%Y-%m-%d"),
        local_time=local.strftime("%H:%M"), duration=m.duration_minutes,
        duration_label=DURATIONS.get(m.duration_minutes, f"{m.duration_minutes} minutes"), message=m.message,
        i_requested=mine, awaiting_me=m.awaiting_id == viewer_id, other=other,
        actions=allowed_actions(facts_of(m), viewer_id, now), spot_id=m.spot_place_id or "", spot_name=m.spot_name,
        spot_kind=KINDS.get(m.spot_kind, ""), spot_city=m.spot_city, spot_lat=m.spot_lat, spot_lon=m.spot_lon,
        my_km=m.requester_km if mine else m.recipient_km,
        their_trip=_their_trip(m.requester_km if mine else m.recipient_km, m.recipient_km if mine else m.requester_km, other),
        late_cancel=m.late_cancel, cancel_reason=m.cancel_reason, cancelled_by_me=m.cancelled_by_id == viewer_id,
        uses_credit=m.uses_credit, ics_url=get_settings().backend_url + routes.meeting_ics_url(m.id),
        cancel_would_be_late=m.status == "accepted" and start - now < dt.timedelta(hours=LATE_CANCEL_HOURS),
        people=_homes(session, viewer_id, other) if m.kind == "in_person" else [],
        history=_history(session, m, viewer_id, other, tz),
        change_when=_change_when(m, tz), change_by_me=m.change_by_id == viewer_id, change_message=m.change_message,
        review=review_panel(session=session, meeting=m, viewer_id=viewer_id, now=now) if m.status in ENDED else None,
    )


def _change_when(m: Meeting, tz: str) -> str:
    if m.change_by_id is None or m.change_start_at is None:
        return ""
    assert m.change_duration is not None  # set with the change's time (a pending change has both)
    label = DURATIONS.get(m.change_duration, f"{m.change_duration} minutes")
    spot = " (another spot)" if m.change_spot_id and m.change_spot_id != m.spot_place_id else ""
    return f"{format_local(m.change_start_at, tz, FULL)}, {label}{spot}"


def _their_trip(my_km: float | None, their_km: float | None, other: PersonSummary) -> str:
    if their_km is None:
        return ""
    if other.full:
        return f"{their_km:.1f} km"
    return trip_comparison(my_km, their_km) if my_km is not None else ""


def _homes(session: Session, viewer_id: int, other: PersonSummary) -> list[dict[str, Any]]:
    out = []
    for label, home in (("You", home_of(session=session, user_id=viewer_id)), (other.marker_label, other.home)):
        if home is not None:
            out.append({"label": label, "lat": home.lat, "lon": home.lon})
    return out


def _history(session: Session, m: Meeting, viewer_id: int, other: PersonSummary, tz: str) -> list[HistoryItem]:
    rows = session.exec(select(MeetingEvent).where(MeetingEvent.meeting_id == m.id).order_by(col(MeetingEvent.id))).all()
    out = []
    for row in rows:
        who = "You" if row.actor_id == viewer_id else ("EngNest" if row.actor_id is None else other.label[:1].upper() + other.label[1:])
        out.append(
            HistoryItem(
                who=who, action=ACTION_WORDS.get(row.action, row.action), when=format_local(row.start_at, tz, FULL),
                spot=row.spot_name, note=row.note, at=format_local(row.created_at, tz, "%d %b, %H:%M"),
            )
        )
    return out


def _mine(user_id: int) -> sa.ColumnElement[bool]:
    """Meetings `user_id` takes part in (through the participants relation, ix_meeting_participant_user)."""
    return col(Meeting.id).in_(select(MeetingParticipant.meeting_id).where(MeetingParticipant.user_id == user_id))


def calendar_items(*, session: Session, user_id: int, start: dt.datetime, end: dt.datetime) -> list[CalendarItem]:
    """The viewer's meetings starting in [start, end), titled for the viewer."""
    rows = session.exec(
        select(Meeting).where(_mine(user_id), col(Meeting.start_at) >= start, col(Meeting.start_at) < end)
        .order_by(col(Meeting.start_at), col(Meeting.id))
    ).all()
    return _items(session, user_id, rows)


def upcoming(*, session: Session, user_id: int, now: dt.datetime, limit: int = 20) -> list[CalendarItem]:
    """Open and accepted meetings that have not ended, soonest first."""
    rows = session.exec(
        select(Meeting)
        .where(_mine(user_id), col(Meeting.status).in_(("pending", "countered", "accepted", "in_progress")), col(Meeting.end_at) > now)
        .order_by(col(Meeting.start_at), col(Meeting.id))
        .limit(limit)
    ).all()
    return _items(session, user_id, rows)


def waiting_for_answer(*, session: Session, user_id: int, now: dt.datetime, limit: int = 10) -> list[CalendarItem]:
    """Requests and proposals that wait for this user's answer (not yet started), soonest first."""
    rows = session.exec(
        select(Meeting)
        .where(col(Meeting.awaiting_id) == user_id, col(Meeting.status).in_(("pending", "countered")), col(Meeting.start_at) > now)
        .order_by(col(Meeting.start_at), col(Meeting.id))
        .limit(limit)
    ).all()
    return _items(session, user_id, rows)


def _items(session: Session, user_id: int, rows: Iterable[Any]) -> list[CalendarItem]:
    rows = list(rows)
    labels = labels_for(session=session, viewer_id=user_id, person_ids=(m.other_id(user_id) for m in rows))
    items = []
    for m in rows:
        label = labels[m.other_id(user_id)]
        where = "online" if m.kind == "online" else m.spot_name
        items.append(
            CalendarItem(
                id=m.id, start_at=ensure_aware_utc(m.start_at), end_at=ensure_aware_utc(m.end_at), status=m.status,
                title=f"{label[:1].upper()}{label[1:]} · {where}",
            )
        )
    return items


def meetings_for_feed(*, session: Session, user_id: int, since: dt.datetime) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting).where(_mine(user_id), col(Meeting.end_at) >= since).order_by(col(Meeting.start_at), col(Meeting.id))
        ).all()
    )
