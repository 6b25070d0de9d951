"""Pages at a real community's size (issue 17 goal 3): handler p95, SQL statements and state delta per page
at 1k / 10k / 100k profiles, so growth with the data is visible.

For each size, a fresh SQLite database gets N profiles (bench/search_data.py), and the viewer (user 1) gets N
notifications, N/10 meetings (at most 10,000) with strangers and collaborators over two years, and — when the
messaging services import — N/10 conversations and a thread of N/10 messages. The real event handlers then run
in-process as a browser tab calls them (tests/state/harness.py: a real root State, the viewer's session
cookie), each `--runs` times after one warm-up:

    home suggestions   SuggestionsState.load
    notifications      NotificationsState.load, page 1 and the last page
    calendar month     CalendarState.load (this month)
    search             DiscoverState.load (text + discipline, and no filters)
    conversations      message_views.list_conversations / check_thread_page (service functions only: that
                       package is being rewritten; skipped with a note if they do not import or fail)

"delta" is the JSON size of the state delta the first call sends (what reaches the tab), "sql" the statements
one call sends, "cpu ms" the median CPU time of the process per call (all threads: on a shared machine the wall
times include waiting for a core; the CPU time does not). Targets: p95 <= 50 ms and delta <= 10 KiB at 100k.

    python bench/data_scale.py                       # 1k, 10k, 100k
    python bench/data_scale.py --sizes 1000,10000 --runs 10
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-scale-"))
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import sqlalchemy as sa  # noqa: E402
from search_data import seed as seed_profiles  # noqa: E402

TARGET_MS, TARGET_DELTA = 50.0, 10 * 1024
VIEWER = 1


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def seed_viewer_data(engine: sa.Engine, n: int, now: dt.datetime) -> dict[str, int]:
    """The viewer's own rows: notifications, meetings (and collaborations from the accepted ones)."""
    from engnest.accounts.models import User
    from engnest.meetings.models import Meeting
    from engnest.network.models import Collaboration
    from engnest.notifications.models import Notification

    rng = random.Random(17)
    meetings = min(n // 10, 10_000)
    with engine.begin() as conn:
        conn.execute(sa.update(User.__table__).where(User.__table__.c.id == VIEWER).values(email_verified_at=now - dt.timedelta(days=400)))
        conn.execute(sa.insert(Notification.__table__), [
            {"user_id": VIEWER, "kind": "friend_request", "title": f"Someone wants to connect #{i}", "body": "", "link": "/friends",
             "payload": {}, "created_at": now - dt.timedelta(minutes=n - i), "read_at": None if i % 3 else now}
            for i in range(n)
        ])
        rows, pairs = [], set()
        for i in range(meetings):
            other = rng.randint(2, n)
            start = now + dt.timedelta(days=rng.uniform(-365, 365))
            start = start.replace(minute=0, second=0)
            future = start > now + dt.timedelta(hours=2)
            mine_first = rng.random() < 0.5
            rows.append({
                "requester_id": VIEWER if mine_first else other, "recipient_id": other if mine_first else VIEWER,
                "kind": "in_person" if i % 2 else "online", "status": "accepted" if future else "closed",
                "start_at": start, "end_at": start + dt.timedelta(hours=1), "duration_minutes": 60, "message": "",
                "spot_name": f"Cafe {i % 50}", "spot_kind": "cafe", "proposed_by_id": other, "counter_count": 0,
                "uses_credit": False, "cancel_reason": "", "late_cancel": False, "change_message": "", "job_ids": "",
                "created_at": start - dt.timedelta(days=3), "updated_at": start - dt.timedelta(days=3), "version": 1,
            })
            pairs.add(other)
        if rows:
            conn.execute(sa.insert(Meeting.__table__), rows)
        conn.execute(sa.insert(Collaboration.__table__), [
            {"user_low_id": VIEWER, "user_high_id": other, "created_at": now - dt.timedelta(days=400)} for other in sorted(pairs)
        ])
    return {"notifications": n, "meetings": meetings, "collaborators": len(pairs)}


def seed_messages(engine: sa.Engine, n: int, now: dt.datetime) -> tuple[int, int] | str:
    """N/10 conversations of two messages and one thread of N/10 messages; (conversation of the long thread, count)."""
    try:
        from dm_seed import seed_direct

        from engnest.network.models import Collaboration
    except ImportError as exc:
        return f"skipped: {exc}"
    peers = max(2, n // 10)
    with engine.connect() as conn:
        collaborators = {r[0] for r in conn.execute(sa.select(Collaboration.__table__.c.user_high_id).where(Collaboration.__table__.c.user_low_id == VIEWER))}
    rows = []
    for i, peer in enumerate(range(2, peers + 2)):
        rows += [
            {"sender_id": peer, "recipient_id": VIEWER, "body": f"Hello from {peer}", "client_key": f"s{i}a", "created_at": now - dt.timedelta(minutes=2 * i + 1)},
            {"sender_id": VIEWER, "recipient_id": peer, "body": f"Hi {peer}", "client_key": f"s{i}b", "created_at": now - dt.timedelta(minutes=2 * i)},
        ]
    long_peer = 2
    rows += [
        {"sender_id": VIEWER if i % 2 else long_peer, "recipient_id": long_peer if i % 2 else VIEWER, "body": f"thread line {i}",
         "client_key": f"t{i}", "created_at": now - dt.timedelta(seconds=n // 10 - i), "read": True}
        for i in range(n // 10)
    ]
    try:
        with engine.begin() as conn:
            new = [{"user_low_id": VIEWER, "user_high_id": p, "created_at": now} for p in range(2, peers + 2) if p not in collaborators]
            if new:
                conn.execute(sa.insert(Collaboration.__table__), new)
            pairs = seed_direct(conn, rows)
    except sa.exc.SQLAlchemyError as exc:
        return f"skipped: {type(exc).__name__}: {str(exc)[:80]}"
    return pairs[(min(VIEWER, long_peer), max(VIEWER, long_peer))], n // 10


class Measure:
    def __init__(self, engine: sa.Engine, runs: int) -> None:
        self.engine, self.runs = engine, runs
        self.rows: list[tuple[str, float, float, int, int | None]] = []

    async def run(self, label: str, call: Callable[[], Awaitable[int | None]]) -> None:
        """`call` runs the handler once and returns the delta size of that call (or None for a service call)."""
        from query_count import count_queries

        with count_queries(self.engine, all_threads=True) as queries:
            delta = await call()
        statements = len(queries)
        times, cpu = [], []
        for _ in range(self.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            await call()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        self.rows.append((label, statistics.median(times), p95, statements, delta))
        mark = " " if p95 <= TARGET_MS and (delta or 0) <= TARGET_DELTA else "!"
        size = f"{delta / 1024:>8.1f}" if delta is not None else f"{'-':>8}"
        print(f"  {label:<34} {statistics.median(times):>8.1f} {p95:>8.1f} {statistics.median(cpu):>8.1f} {statements:>5} {size} {mark}", flush=True)


async def measure_size(n: int, runs: int, work: Path) -> None:
    from engnest.migrations import upgrade
    from engnest.platform import db
    from engnest.platform.settings import reset_settings_cache

    url = f"sqlite:///{work / f'scale-{n}.db'}"
    os.environ["DATABASE_URL"] = url
    reset_settings_cache()
    db.dispose_engines()
    started = time.perf_counter()
    upgrade(url)
    engine = db.get_engine(url)
    seed_profiles(engine, n)
    now = _now()
    counts = seed_viewer_data(engine, n, now)
    threads = seed_messages(engine, n, now)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"\n== {n:,} profiles, {counts['notifications']:,} notifications, {counts['meetings']:,} meetings for the viewer "
          f"(seeded in {time.perf_counter() - started:.0f} s)")
    print(f"  {'page (handler)':<34} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'sql':>5} {'delta KiB':>8}")

    from state.harness import Tab

    from engnest.accounts.models import User
    from engnest.accounts.services import sessions
    from engnest.accounts.state.auth import AuthState
    from engnest.discovery.pages.discover.state import DiscoverState
    from engnest.discovery.pages.suggestions import SuggestionsState
    from engnest.meetings.pages.calendar_state import CalendarState
    from engnest.notifications.pages.state import NotificationsState
    from engnest.platform import routes

    with db.session_scope(engine) as s:
        browser = sessions.new_browser_secret()
        code = sessions.do_start_session(session=s, user=s.get(User, VIEWER), binding=sessions.binding_of(browser), now=now)
        token = sessions.do_activate_session(session=s, code=code, browser_secret=browser, now=now)
        s.commit()

    measure = Measure(engine, runs)

    def handler(path: str, query: str, cls, name: str) -> Callable[[], Awaitable[int]]:
        tab = Tab(token=token, path=path, query=query)

        async def call() -> int:
            await tab.call(AuthState, "require_login")
            tab.root._clean()
            await tab.call(cls, name)
            size = len(json.dumps(tab.root.get_delta(), default=str))
            tab.root._clean()
            return size

        return call

    last_page = max(1, -(-n // 20))
    await measure.run("home: people to meet", handler(routes.HOME, "", SuggestionsState, "load"))
    await measure.run("notifications page 1", handler(routes.NOTIFICATIONS, "", NotificationsState, "load"))
    await measure.run(f"notifications page {last_page:,} (last)", handler(routes.NOTIFICATIONS, f"page={last_page}", NotificationsState, "load"))
    await measure.run("calendar: this month", handler(routes.MEETINGS, "", CalendarState, "load"))
    await measure.run("search: text + discipline", handler(routes.DISCOVER, "q=python&discipline=software", DiscoverState, "load"))
    await measure.run("search: no filters, newest", handler(routes.DISCOVER, "sort=newest", DiscoverState, "load"))
    await conversations(measure, threads)
    db.dispose_engines()


async def conversations(measure: Measure, threads: tuple[int, int] | str) -> None:
    if isinstance(threads, str):
        print(f"  conversations: {threads}")
        return
    try:
        from engnest.messaging.services import message_views
        from engnest.platform.db import in_session
    except ImportError as exc:
        print(f"  conversations: skipped ({exc})")
        return
    conversation_id, _ = threads
    for label, fn, kwargs in (
        ("conversation list (service)", getattr(message_views, "list_conversations", None), {"user_id": VIEWER}),
        ("thread page (service)", getattr(message_views, "check_thread_page", None), {"me": VIEWER, "conversation_id": conversation_id}),
    ):
        if fn is None:
            print(f"  {label}: skipped (not in message_views any more)")
            continue

        async def call(fn=fn, kwargs=kwargs) -> None:
            await in_session(fn, **kwargs)

        try:
            await measure.run(label, call)
        except Exception as exc:  # noqa: BLE001 - another engineer rewrites this package; report, do not fail
            print(f"  {label}: skipped ({type(exc).__name__}: {str(exc)[:80]})")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engnest-scale-"))
    print(f"== data scale: handler p50/p95 wall and p50 CPU (ms), SQL statements per call, first delta (KiB); {args.runs} runs; "
          f"targets p95 <= {TARGET_MS:.0f} ms, delta <= {TARGET_DELTA // 1024} KiB ('!' marks a miss); {os.cpu_count()} CPUs")
    for n in (int(s) for s in args.sizes.split(",") if s):
        await measure_size(n, args.runs, work)


if __name__ == "__main__":
    asyncio.run(main())
