"""Database engine and sessions (SQLModel over SQLAlchemy), for SQLite (WAL) and PostgreSQL.

The schema is created by Alembic migrations only (`make migrate`), never at import.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from engnest.platform.settings import get_settings

P = ParamSpec("P")
T = TypeVar("T")

_ENGINES: dict[str, sa.Engine] = {}


_READS = ("SELECT", "PRAGMA", "EXPLAIN")


def _configure_sqlite(engine: sa.Engine) -> None:
    """WAL and friends, and real transactions: SQLAlchemy's pysqlite recipe of taking over BEGIN.

    pysqlite's own handling only emits BEGIN before INSERT/UPDATE/DELETE, not before SAVEPOINT: a savepoint that
    was a transaction's first write ran in autocommit mode and its RELEASE committed at once, outside the
    transaction. Here the driver emits nothing itself (isolation_level None) and we emit `BEGIN IMMEDIATE` before
    the first statement of a transaction that is not a read (a savepoint included). Reads before it run as they
    always did (no snapshot, no lock), and the write lock is taken through the busy timeout instead of failing
    later as a deferred transaction's read-to-write upgrade does under contention (SQLITE_BUSY_SNAPSHOT).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        dbapi_connection.isolation_level = None  # the driver never begins or commits on its own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Profiles carry pitches: keep hot pages in memory (64 MB cache, reads via mmap up to 1 GB).
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA mmap_size=1073741824")
        cursor.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_before_first_write(conn, cursor, statement, _parameters, _context, _executemany):
        if conn.in_transaction() and not cursor.connection.in_transaction and not statement.lstrip().upper().startswith(_READS):
            cursor.connection.execute("BEGIN IMMEDIATE")


def make_engine(url: str) -> sa.Engine:
    """A new engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 5},
            # No ping before each checkout: a pooled SQLite connection is a file handle that cannot go stale
            # (measured: ~2.6 us CPU per checkout, nothing gained; issue 17 saw it take 9 % of wall time).
            pool_pre_ping=False,
            pool_size=get_settings().db_threads,
        )
        _configure_sqlite(engine)
        return engine
    # One pooled connection per database thread (see _db_executor): a smaller pool would close and
    # reopen its overflow connections all the time under load.
    return sa.create_engine(url, pool_pre_ping=True, pool_size=get_settings().db_threads, max_overflow=10)


def get_engine(url: str | None = None) -> sa.Engine:
    url = url or get_settings().db_url
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def dispose_engines() -> None:
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


@contextlib.contextmanager
def session_scope(engine: sa.Engine | None = None) -> Iterator[Session]:
    """A session that rolls back on error and always closes; it commits nothing (reads; `unit_of_work` commits)."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextlib.contextmanager
def unit_of_work(engine: sa.Engine | None = None) -> Iterator[Session]:
    """The one place a change commits: the outermost caller (an event handler through `in_session`, an HTTP
    endpoint, a job, a seed script) opens the unit of work; services write into its session and never commit.
    Commits when the block ends without an error, rolls back otherwise."""
    with session_scope(engine) as session:
        yield session
        session.commit()


async def in_session(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn(*args, session=..., **kwargs)` in a worker thread as one unit of work (committed when `fn` returns).

    Event handlers use this so that database work and bcrypt never block the event loop.
    """

    def _call() -> T:
        with unit_of_work() as session:
            return fn(*args, session=session, **kwargs)

    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_db_executor(), context.run, _call)


@functools.cache
def _db_executor() -> ThreadPoolExecutor:
    """Threads for database work, as many as the engine's pool has connections: the default asyncio
    executor (CPU count + 4 threads) makes concurrent handlers queue behind a handful of threads that
    mostly wait on the database."""
    return ThreadPoolExecutor(max_workers=get_settings().db_threads, thread_name_prefix="engnest-db")


async def off_loop(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a slow synchronous call (bcrypt, image decoding) off the event loop."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))
