"""Test data built through the real services (so it is always valid data)."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.accounts.services import accounts, passwords, sessions
from engnest.profiles.services import profiles
from engnest.projects.services import owner_projects

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
PASSWORD = "plum-kettle-orbit-42"
_counter = itertools.count(1)


def make_user(
    session: Session,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    timezone: str = "Europe/London",
    complete: bool = False,
    first_name: str = "Ada",
    last_name: str | None = None,
    city: str = "London, United Kingdom",
    discipline: str = "mechanical",
    skills: tuple[str, ...] = ("SolidWorks", "FEA"),
    creator: bool = False,
    pitch: str | None = None,
    now: dt.datetime = NOW,
    verified: bool = True,
) -> User:
    """An account (verified unless `verified=False`, like one that has not opened its link yet)."""
    n = next(_counter)
    user = accounts.do_create_user(
        session=session,
        email=email or f"user{n}@example.com",
        password_hash=passwords.hash_password(password),
        birth_date=dt.date(1990, 1, 1),
        timezone=timezone,
        now=now,
        email_verified_at=now if verified else None,
    )
    if complete:
        uid = user.id
        profiles.update_about(
            session=session,
            user_id=uid,
            first_name=first_name,
            last_name=last_name or f"Tester{n}",
            pitch=pitch or f"I build bridges and robots. Engineer number {n}.",
            discipline=discipline,
            now=now,
        )
        profiles.set_city(session=session, user_id=uid, city_id=None, city_text=city, now=now)
        for skill in skills:
            profiles.add_skill(session=session, user_id=uid, name=skill, proficiency="intermediate", now=now)
        if creator:
            owner_projects.save_project(
                session=session, user_id=uid, title=f"Project {n}", description="A thing we build.", skills_wanted=["CAD"], now=now
            )
            profiles.set_status(session=session, user_id=uid, status="creator", preference="hybrid", now=now)
    session.commit()  # the test is the outermost caller: its data is there for every other session
    return user


def login_token(session: Session, user: User, now: dt.datetime = NOW) -> str:
    """A live session token for `user`, as the cookie endpoint would mint it."""
    browser = sessions.new_browser_secret()
    code = sessions.do_start_session(session=session, user=user, binding=sessions.binding_of(browser), now=now)
    token = sessions.do_activate_session(session=session, code=code, browser_secret=browser, now=now)
    session.commit()
    assert token
    return token
