"""Test harness shared by every tier.

Environment is fixed before anything from `engnest` is imported: a throwaway data directory,
cheap bcrypt, generous rate limits (tests that check limits set their own). Real databases only:
each test gets a fresh, migrated SQLite file, and (when `postgres` is requested) a migrated
PostgreSQL database truncated between tests. Under CI=1 a missing service fails the test instead
of skipping it.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa  # noqa: E402
from support import IN_CI, PG_ADMIN_URL, TEST_REDIS_URL, TMP, free_port, port_open, require  # noqa: F401  (first: sets the env)

from engnest import features  # noqa: E402
from engnest.migrations import upgrade  # noqa: E402
from engnest.platform import db as engnest_db  # noqa: E402
from engnest.platform.settings import reset_settings_cache  # noqa: E402
from engnest.schema import metadata  # noqa: E402

features.load_services()  # every feature's hooks and kinds, as each entry point loads them

# --- SQLite -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template() -> Path:
    path = TMP / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = engnest_db.make_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "engnest.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> str | None:
    """A migrated throwaway database on the local PostgreSQL, or None if there is none."""
    if not port_open("127.0.0.1", 5432):
        return None
    name = f"engnest_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError:
        return None
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    engnest_db.dispose_engines()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def postgres_url(postgres_server: str | None) -> str:
    require(postgres_server is not None, "PostgreSQL at 127.0.0.1:5432")
    engine = engnest_db.get_engine(postgres_server)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return postgres_server


# --- The database the code under test uses --------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    """Services tests run once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def use_db(monkeypatch):
    """Point the app's own engine (engnest.platform.db.get_engine) at a given URL for the test."""

    def _use(url: str) -> str:
        monkeypatch.setenv("DATABASE_URL", url)
        reset_settings_cache()
        return url

    yield _use
    from engnest.platform.mail import mail

    mail.wait_idle()  # emails sent after a commit finish before the database goes away
    engnest_db.dispose_engines()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    reset_settings_cache()


@pytest.fixture
def session(db_url: str, use_db):
    """A session on a fresh migrated database (SQLite and PostgreSQL); the app's engine uses it too."""
    use_db(db_url)
    with engnest_db.session_scope(engnest_db.get_engine(db_url)) as s:
        yield s


@pytest.fixture
def sqlite_session(sqlite_url: str, use_db):
    """SQLite only, for tests that are about behaviour rather than the database."""
    use_db(sqlite_url)
    with engnest_db.session_scope(engnest_db.get_engine(sqlite_url)) as s:
        yield s


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from engnest.platform import throttle

    throttle.reset_all()
    yield


@pytest.fixture
def recorder():
    """Every push the code under test announces (events.Recorder), for asserting what was pushed and when."""
    from engnest.platform import events

    rec = events.Recorder()
    events.add_sink(rec)
    yield rec
    events.remove_sink(rec)


@pytest.fixture
def generous_dm_limit(monkeypatch):
    """Messaging tests that are not about the DM rate limit send freely (the limit tests set their own)."""
    from engnest.platform.settings import reset_settings_cache

    monkeypatch.setenv("DM_RATE_LIMIT", "10000/minute")
    reset_settings_cache()
    yield
    monkeypatch.delenv("DM_RATE_LIMIT")
    reset_settings_cache()


@pytest.fixture
def redis_url() -> str:
    require(port_open("127.0.0.1", 6379), "Redis at 127.0.0.1:6379")
    return TEST_REDIS_URL


# pytest-timeout per tier, in seconds: about 10x the slowest test of the tier on an idle machine, so a loaded CI
# machine passes and a hang fails with a traceback. Browser tiers time the test body only (func_only): their
# package-scoped app build (60-90 s idle, minutes under load) has its own deadlines in tests/apprunner.py and
# tests/scale/conftest.py, and every browser step has Playwright's own timeout.
TIER_TIMEOUTS = {"architecture": (60, False), "domain": (120, False), "services": (120, False), "state": (240, False), "api": (120, False),
                 "places": (120, False), "jobs": (180, False), "e2e": (300, True), "scale": (300, True),
                 "chaos": (240, True)}


def tier_of(item) -> str:
    """`tests/<tier>/...` -> tier."""
    try:
        return Path(str(item.fspath)).relative_to(Path(__file__).resolve().parent).parts[0]
    except ValueError:
        return ""


def pytest_collection_modifyitems(items):
    """Fast tiers first; browser tiers (Playwright's sync API owns the event loop while open) last."""
    order = {"e2e": 1, "scale": 2}
    items.sort(key=lambda item: order.get(tier_of(item), 0))
    for item in items:
        if tier_of(item) in TIER_TIMEOUTS and item.get_closest_marker("timeout") is None:
            seconds, func_only = TIER_TIMEOUTS[tier_of(item)]
            item.add_marker(pytest.mark.timeout(seconds, func_only=func_only))


def pytest_report_header(config):
    from support import CLOCK_SHIFT_DAYS

    return [f"wall clock shifted {CLOCK_SHIFT_DAYS:g} days ahead (TEST_CLOCK_SHIFT_DAYS)"] if CLOCK_SHIFT_DAYS else []


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(TMP, ignore_errors=True)


@pytest.fixture
def smtp_sink(monkeypatch):
    """A real SMTP server (aiosmtpd) the app's mail settings point at; `.received` holds what arrived."""
    from smtp_sink import SmtpSink

    sink = SmtpSink(free_port()).start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(sink.port))
    reset_settings_cache()
    yield sink
    sink.stop()
    monkeypatch.delenv("SMTP_HOST", raising=False)
    reset_settings_cache()


@pytest.fixture
def loopback():
    """A recorded-shape stand-in for a third-party HTTP API, on 127.0.0.1 (see tests/loopback.py)."""
    from loopback import serve

    state, server = serve()
    yield state
    server.shutdown()
    server.server_close()
