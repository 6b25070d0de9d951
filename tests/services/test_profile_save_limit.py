"""Profile saves are throttled per user (issue 16 item 9): 10,000 back-to-back saves from one tab slowed
everyone's messages. Past the limit a save is refused with a clear message and writes nothing; other people
save as usual."""

from __future__ import annotations

import pytest
from factories import NOW, make_user
from sqlmodel import select

from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache
from engnest.profiles.models import Profile
from engnest.profiles.services import profiles


@pytest.fixture
def three_saves_a_minute(monkeypatch):
    monkeypatch.setenv("PROFILE_SAVE_LIMIT", "3/minute")
    reset_settings_cache()
    throttle.reset_all()
    yield
    monkeypatch.undo()
    reset_settings_cache()


def save_links(session, user, url: str):
    return profiles.update_links(session=session, user_id=user.id, github_url=url, linkedin_url="", portfolio_url="", now=NOW)


def test_saves_past_the_limit_are_refused_and_write_nothing(sqlite_session, three_saves_a_minute):
    me, other = make_user(sqlite_session), make_user(sqlite_session)
    for n in range(3):
        save_links(sqlite_session, me, f"https://github.com/me{n}")
        sqlite_session.commit()  # the test is the outermost caller: each save is its own unit of work
    with pytest.raises(ValidationFailed, match="too often"):
        save_links(sqlite_session, me, "https://github.com/too-many")
    sqlite_session.rollback()
    stored = sqlite_session.exec(select(Profile.github_url).where(Profile.user_id == me.id)).one()
    assert stored == "https://github.com/me2"
    save_links(sqlite_session, other, "https://github.com/other")  # the limit is per user
