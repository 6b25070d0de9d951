"""Settings, migrations and the after-commit push mechanism."""

import time

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from pydantic import ValidationError

from engnest.migrations import downgrade, schema_drift, upgrade
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import events, realtime
from engnest.platform.db import make_engine
from engnest.platform.mail import mail
from engnest.platform.settings import Settings


def test_production_requires_an_explicit_strong_secret_key(monkeypatch):
    monkeypatch.setenv("ENGNEST_ENV", "prod")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert Settings().env == "prod"


def test_postgres_urls_use_the_psycopg3_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Settings().db_url == "postgresql+psycopg://u@h/db"


def test_only_server_databases_ping_a_pooled_connection_before_use(tmp_path):
    """A pooled SQLite connection is a file handle that cannot go stale, so a "SELECT 1" before each checkout
    is pure overhead there; a PostgreSQL connection can be dropped by the server, so it keeps the ping."""
    sqlite = make_engine(f"sqlite:///{tmp_path / 'ping.db'}")
    postgres = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    assert (sqlite.pool._pre_ping, postgres.pool._pre_ping) == (False, True)
    sqlite.dispose()
    postgres.dispose()


def test_migrations_match_the_models_and_round_trip(db_url):
    assert schema_drift(db_url) == []
    downgrade(db_url, "base")
    upgrade(db_url)
    assert schema_drift(db_url) == []


def test_pushes_are_delivered_only_after_commit_and_dropped_on_rollback(session):
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        user = make_user(session)
        notifications.do_notify(session=session, user_id=user.id, kind="test", title="one", now=NOW)
        assert recorder.topics_for(user.id) == []
        session.rollback()
        notifications.do_notify(session=session, user_id=user.id, kind="test", title="two", now=NOW)
        session.commit()
    finally:
        events.remove_sink(recorder)
    assert recorder.topics_for(user.id) == ["notifications"]
    assert [n.title for n in session.exec(sa.select(Notification)).scalars()] == ["two"]


def test_releasing_a_savepoint_is_not_the_commit_that_pushes_and_emails_wait_for(session, smtp_sink):
    """SQLAlchemy runs after_commit hooks when a savepoint is released too; services use savepoints inside the
    caller's unit of work, so nothing may go out before the caller's own commit."""
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        user = make_user(session)
        notifications.do_notify(session=session, user_id=user.id, kind="test", title="one", now=NOW)
        with session.begin_nested():
            mail.queue_email(session=session, user_id=user.id, to_address=user.email, kind="test", subject="s", body="b", now=NOW)
        mail.wait_idle()
        assert recorder.topics_for(user.id) == [] and smtp_sink.to(user.email) == []
        session.commit()
        mail.wait_idle()
    finally:
        events.remove_sink(recorder)
    assert recorder.topics_for(user.id) == ["notifications"] and len(smtp_sink.to(user.email)) == 1


def test_a_dedupe_key_makes_a_notification_exactly_once(session):
    user = make_user(session)
    first = notifications.do_notify(session=session, user_id=user.id, kind="k", title="t", now=NOW, dedupe_key="once:1")
    second = notifications.do_notify(session=session, user_id=user.id, kind="k", title="t", now=NOW, dedupe_key="once:1")
    session.commit()
    assert first is not None and second is None
    assert notifications.unread_count(session=session, user_id=user.id) == 1


@pytest.fixture(params=["memory", "redis"])
def directory(request):
    if request.param == "memory":
        return realtime.MemoryTabDirectory()
    url = request.getfixturevalue("redis_url")
    import uuid

    import redis.asyncio as aioredis

    return realtime.RedisTabDirectory(aioredis.from_url(url), prefix=f"test-{uuid.uuid4().hex[:8]}")


async def test_tab_directory_tracks_tabs_presence_and_expiry(directory):
    now = time.time()
    assert await directory.touch(1, "tab-a", now) is True  # came online
    assert await directory.touch(1, "tab-b", now + 1) is False  # second tab
    assert sorted(await directory.tabs(1, now + 2)) == ["tab-a", "tab-b"]
    assert await directory.online([1, 2], now + 2) == {1}
    assert await directory.drop(1, "tab-a", now + 3) is False  # tab-b still open
    assert await directory.drop(1, "tab-b", now + 4) is True  # last tab closed
    assert await directory.online([1], now + 5) == set()
    await directory.touch(2, "tab-c", now)
    later = now + realtime.TAB_TTL_SECONDS + 1
    assert await directory.online([2], later) == set()
    assert 2 in await directory.sweep(later)
    assert (await directory.last_seen([1, 2]))[2] == pytest.approx(now)
