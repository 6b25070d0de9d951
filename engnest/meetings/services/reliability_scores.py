"""Reliability, strikes, suspension and ratings from the stored meetings and reviews (reads, plus the
one write: Profile.reliability, kept up to date whenever an input changes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.meetings.domain import reliability
from engnest.meetings.domain.meeting_lifecycle import ENDED
from engnest.meetings.models import Meeting, MeetingReview
from engnest.platform.domain.people import reliability_label
from engnest.platform.domain.timezones import ensure_aware_utc, format_local
from engnest.profiles.models import Profile
from engnest.profiles.services import profiles


def _count(session: Session, *where: Any) -> int:
    return session.exec(select(sa.func.count()).select_from(Meeting).where(*where)).one()


def counts(session: Session, user_id: int) -> tuple[int, int]:
    """(committed, missed): ended meetings plus late cancellations by them; strikes plus late cancellations."""
    mine = sa.or_(col(Meeting.requester_id) == user_id, col(Meeting.recipient_id) == user_id)
    ended = _count(session, mine, col(Meeting.status).in_(tuple(ENDED)))
    late = _count(session, col(Meeting.status) == "cancelled", col(Meeting.late_cancel).is_(True), col(Meeting.cancelled_by_id) == user_id)
    strikes = session.exec(
        select(sa.func.count()).select_from(MeetingReview).where(MeetingReview.reviewee_id == user_id, col(MeetingReview.strike_at).is_not(None))
    ).one()
    return ended + late, strikes + late


def refresh(session: Session, user_id: int) -> float | None:
    """Recompute and store the person's reliability (in the caller's transaction)."""
    committed, missed = counts(session, user_id)
    score = reliability.reliability(committed, missed)
    profile = session.exec(select(Profile).where(Profile.user_id == user_id)).first()
    if profile is not None and profile.reliability != score:
        profile.reliability = score
        session.add(profile)
    return score


def strike_times(session: Session, user_id: int, now: dt.datetime) -> list[dt.datetime]:
    since = now - reliability.STRIKE_WINDOW - reliability.SUSPENSION
    rows = session.exec(select(MeetingReview.strike_at).where(MeetingReview.reviewee_id == user_id, col(MeetingReview.strike_at) >= since)).all()
    return [ensure_aware_utc(t) for t in rows if t is not None]


def suspended_until(*, session: Session, user_id: int, now: dt.datetime) -> dt.datetime | None:
    return reliability.suspended_until(strike_times(session, user_id, now), now)


def rating_of(*, session: Session, user_id: int) -> tuple[float | None, int]:
    ratings = session.exec(select(MeetingReview.rating).where(MeetingReview.reviewee_id == user_id)).all()
    return reliability.rating_summary(ratings)


def suspension_message(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """'' unless the person may not send requests now (3 strikes in 90 days), with the end in their timezone."""
    until = suspended_until(session=session, user_id=user_id, now=now)
    if until is None:
        return ""
    user = session.get(User, user_id)
    assert user is not None  # strikes were reported against them
    when = format_local(until, user.timezone, "%a %d %b %Y, %H:%M")
    return f"You cannot send meeting requests until {when}: {reliability.STRIKE_LIMIT} no-shows were reported within {reliability.STRIKE_WINDOW.days} days and not disputed."


@dataclass(frozen=True)
class StandingSummary:
    rating: str  # "★ 4.0 from 1 review"
    reliability: str
    suspended: str  # '' unless it is the person themself and they may not send requests now


def standing(*, session: Session, user_id: int, viewer_id: int, now: dt.datetime) -> StandingSummary | None:
    """What a profile shows about someone's track record (None: nothing to show); the suspension only to the
    person themself, with its end in their timezone."""
    if session.get(User, user_id) is None or (user_id != viewer_id and not profiles.is_profile_complete(session=session, user_id=user_id)):
        return None
    average, count = rating_of(session=session, user_id=user_id)
    profile = session.exec(select(Profile).where(Profile.user_id == user_id)).first()
    return StandingSummary(
        rating=reliability.rating_label(average, count),
        reliability=reliability_label(profile.reliability if profile else None),
        suspended=suspension_message(session=session, user_id=user_id, now=now) if user_id == viewer_id else "",
    )
