"""Demo meetings between seeded users, made through the same services as the UI (so they are valid):
the demo login gets an accepted meeting at a library, a request waiting for an answer, a counter-proposal,
an accepted online meeting and a completed one; two engineers in Tokyo and Yokohama meet at a café."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.billing.services import credits
from engnest.meetings.models import Meeting
from engnest.meetings.places import registry
from engnest.meetings.services import meeting_actions, meeting_clock, meeting_requests, reviews
from engnest.meetings.services.meeting_people import home_of
from engnest.platform.domain.geo import LatLon
from engnest.platform.domain.timezones import to_local
from engnest.profiles.models import Profile


def _complete_in(session: Session, city_prefix: str, exclude: set[int], limit: int = 3) -> list[User]:
    rows = session.exec(
        select(User)
        .join(Profile, Profile.user_id == User.id)
        .where(Profile.is_complete.is_(True), Profile.city_name.startswith(city_prefix), User.id.not_in(exclude or {0}))
        .order_by(User.id)
        .limit(limit)
    ).all()
    return list(rows)


def _slot(user: User, now: dt.datetime, days: float, hour: int) -> tuple[str, str]:
    local = to_local(now + dt.timedelta(days=days), user.timezone)
    return local.date().isoformat(), f"{hour:02d}:00"


def _request(session: Session, a: User, b: User, now: dt.datetime, *, days: float, hour: int, kind: str = "in_person", message: str = "") -> Meeting | None:
    spot = None
    if kind == "in_person":
        home_a, home_b = home_of(session=session, user_id=a.id), home_of(session=session, user_id=b.id)
        proposal = registry.provider().propose(LatLon(*home_a), LatLon(*home_b), rules=registry.spot_rules(), limit=3)
        if not proposal.spots:
            return None
        spot = proposal.spots[0].place.id
    date, time = _slot(a, now, days, hour)
    return meeting_requests.request_meeting(
        session=session, requester_id=a.id, recipient_id=b.id, kind=kind, start_date=date, start_time=time,
        duration=60, message=message, spot_id=spot, now=now,
    )


def seed_meetings(*, session: Session, demo_email: str, now: dt.datetime) -> int:
    """Returns how many meetings were created (none if the demo user already has meetings)."""
    demo = session.exec(select(User).where(User.email == demo_email)).first()
    if demo is None:
        return 0
    has_any = session.exec(select(sa.func.count()).select_from(Meeting).where((Meeting.requester_id == demo.id) | (Meeting.recipient_id == demo.id))).one()
    if has_any:
        return 0
    credits.do_grant(session=session, user_id=demo.id, credits=3, key=f"demo:{demo.id}", note="Welcome credits", now=now)
    london = _complete_in(session, "London", {demo.id}, limit=4)
    reading = _complete_in(session, "Reading", {demo.id}, limit=2)
    created = 0
    if london:
        past = now - dt.timedelta(days=10)
        done = _request(session, demo, london[0], past, days=3, hour=11, message="Sketching the drone frame together?")
        if done:
            meeting_actions.accept(session=session, meeting_id=done.id, user_id=london[0].id, now=past + dt.timedelta(hours=2))
            after = past + dt.timedelta(days=4)  # the day after it ended: both reviewed it
            meeting_clock.do_catch_up(session=session, now=after)
            for reviewer, stars in ((demo.id, 5), (london[0].id, 4)):
                reviews.submit_review(session=session, meeting_id=done.id, user_id=reviewer, rating=stars, comment="", attended="yes", now=after)
            created += 1
    if len(london) > 1 and (m := _request(session, demo, london[1], now, days=6, hour=18, message="Coffee and FEA?")):
        meeting_actions.accept(session=session, meeting_id=m.id, user_id=london[1].id, now=now)
        created += 1
    if reading and (m := _request(session, reading[0], demo, now, days=9, hour=10, message="Halfway between Reading and London?")):
        created += 1
    if len(london) > 2 and (m := _request(session, demo, london[2], now, days=12, hour=17)):
        date, _ = _slot(london[2], now, 13, 9)
        meeting_actions.counter(session=session, meeting_id=m.id, user_id=london[2].id, start_date=date, start_time="09:00", duration=90, now=now)
        created += 1
    if len(reading) > 1 and (m := _request(session, demo, reading[1], now, days=4, hour=19, kind="online", message="Quick video call?")):
        meeting_actions.accept(session=session, meeting_id=m.id, user_id=reading[1].id, now=now)
        created += 1
    tokyo, yokohama = _complete_in(session, "Tokyo", set(), 1), _complete_in(session, "Yokohama", set(), 1)
    if tokyo and yokohama and (m := _request(session, tokyo[0], yokohama[0], now, days=5, hour=15, message="Halfway café?")):
        meeting_actions.accept(session=session, meeting_id=m.id, user_id=yokohama[0].id, now=now)
        created += 1
    return created
