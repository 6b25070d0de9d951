"""Reliability, strikes, suspension and ratings from the stored meetings and reviews (reads, plus the
one write: Profile.reliability, kept up to date whenever an input changes)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.domain import reliability
from engnest.domain.meeting_lifecycle import ENDED
from engnest.domain.timezones import ensure_aware_utc
from engnest.models import Meeting, MeetingReview, Profile


def _count(session: Session, *where) -> int:
    return session.exec(select(sa.func.count()).select_from(Meeting).where(*where)).one()


def counts(session: Session, user_id: int) -> tuple[int, int]:
    """(committed, missed): ended meetings plus late cancellations by them; strikes plus late cancellations."""
    mine = sa.or_(Meeting.requester_id == user_id, Meeting.recipient_id == user_id)
    ended = _count(session, mine, Meeting.status.in_(tuple(ENDED)))
    late = _count(session, Meeting.status == "cancelled", Meeting.late_cancel.is_(True), Meeting.cancelled_by_id == user_id)
    strikes = session.exec(
        select(sa.func.count()).select_from(MeetingReview).where(MeetingReview.reviewee_id == user_id, MeetingReview.strike_at.is_not(None))
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
    rows = session.exec(select(MeetingReview.strike_at).where(MeetingReview.reviewee_id == user_id, MeetingReview.strike_at >= since)).all()
    return [ensure_aware_utc(t) for t in rows if t is not None]


def suspended_until(*, session: Session, user_id: int, now: dt.datetime) -> dt.datetime | None:
    return reliability.suspended_until(strike_times(session, user_id, now), now)


def rating_of(*, session: Session, user_id: int) -> tuple[float | None, int]:
    ratings = session.exec(select(MeetingReview.rating).where(MeetingReview.reviewee_id == user_id)).all()
    return reliability.rating_summary(ratings)
