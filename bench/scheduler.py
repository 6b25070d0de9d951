"""The scheduler under load: 10,000 accepted meetings whose 24 h reminders fall due within a short window.

    python bench/scheduler.py                       # 10,000 meetings, reminders due over 30 s, SQLite
    python bench/scheduler.py --postgres            # the same on a throwaway PostgreSQL database
    python bench/scheduler.py --meetings 2000 --window 10

Meetings and their timers are written through the real path (services.timers.set_meeting_timers, the rows
APScheduler's SQLAlchemyJobStore reads); the meeting rows themselves are bulk-inserted for speed. Then the
app's scheduler (engnest.platform.scheduler.runtime, embedded mode) runs and each reminder job calls the real service
(meeting_clock.do_remind: two notifications per meeting, deduplicated). Printed:
* lateness of fired jobs (when the job ran − when it was due; the run time is the `now` the job passed to
  the service, stored on its notification): p50/p95/max, target p95 <= 1 s;
* jobs fired exactly once: distinct reminder jobs executed once, executed more than once, never; and the
  notification count (must be 2 per meeting);
* scheduler memory: RSS delta and tracemalloc peak while it runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("BCRYPT_ROUNDS", "4")

import sqlalchemy as sa  # noqa: E402
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def setup_db(postgres: bool) -> tuple[str, callable]:
    if not postgres:
        path = Path(tempfile.mkdtemp(prefix="engnest-bench-sched-")) / "engnest.db"
        return f"sqlite:///{path}", lambda: None
    name = f"engnest_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


PARKED = dt.timedelta(days=2)  # where the reminders wait while seeding, so none is due before the clock starts


def seed(n: int, window: float):
    """Two engineers and n accepted meetings, written through the real path with their reminders parked days
    ahead (seeding 10k takes 30-75 s on a loaded machine). `schedule` then gives them their due times."""
    from engnest import features
    from engnest.accounts.models import User
    from engnest.accounts.services import accounts

    features.load_services()  # sign-up makes the profile row, as in the app
    from engnest.meetings.models import Meeting
    from engnest.meetings.services import timers
    from engnest.platform.db import session_scope

    now = dt.datetime.now(dt.timezone.utc)
    parked = now + PARKED
    with session_scope() as s:
        users = [
            accounts.do_create_user(session=s, email=f"bench{k}@example.com", password_hash="x", birth_date=dt.date(1990, 1, 1), timezone=tz, now=now)
            for k, tz in enumerate(("America/New_York", "Europe/London"))
        ]
        a, b = users[0].id, users[1].id
        tz_check = s.get(User, a).timezone
        assert tz_check == "America/New_York"
        ids: list[int] = []
        for start in range(0, n, 1000):
            rows = []
            for i in range(start, min(n, start + 1000)):
                begin = parked + dt.timedelta(seconds=window * i / n) + dt.timedelta(hours=24)
                rows.append(Meeting(
                    requester_id=a, recipient_id=b, kind="online", status="accepted", start_at=begin, end_at=begin + dt.timedelta(minutes=30),
                    duration_minutes=30, awaiting_id=None, proposed_by_id=a, created_at=now, updated_at=now, accepted_at=now,
                ))
            s.add_all(rows)
            s.flush()
            for m in rows:
                timers.set_meeting_timers(s, m, now)
                ids.append(m.id)
            s.commit()
    return ids


def schedule(ids: list[int], window: float, lead: float):
    """After seeding: reminder i falls due at t0 + i/n * window, t0 = now + lead. Moves the meetings and rewrites
    their job rows (what set_meeting_timers writes) in three bulk statements."""
    from engnest.meetings.domain import meeting_timers
    from engnest.meetings.models import Meeting
    from engnest.platform.db import session_scope
    from engnest.platform.scheduler import timers
    from engnest.platform.scheduler.models import scheduler_jobs

    now = dt.datetime.now(dt.timezone.utc)
    t0 = now + dt.timedelta(seconds=lead)
    due: dict[int, dt.datetime] = {}
    moves, jobs = [], []
    for i, mid in enumerate(ids):
        due[mid] = t0 + dt.timedelta(seconds=window * i / len(ids))
        begin = due[mid] + dt.timedelta(hours=24)
        plan = meeting_timers.plan(mid, "accepted", begin, begin + dt.timedelta(minutes=30), now)
        moves.append({"mid": mid, "start_at": begin, "end_at": begin + dt.timedelta(minutes=30), "job_ids": ",".join(timers.versioned(t) for t in plan)})
        jobs += [timers.job_row(t, timers.versioned(t)) for t in plan]
    table = Meeting.__table__
    with session_scope() as s:
        s.execute(sa.delete(scheduler_jobs).where(scheduler_jobs.c.id.startswith("meeting:")))
        s.execute(sa.insert(scheduler_jobs), jobs)
        s.execute(
            table.update().where(table.c.id == sa.bindparam("mid")).values(
                start_at=sa.bindparam("start_at"), end_at=sa.bindparam("end_at"), job_ids=sa.bindparam("job_ids")
            ),
            moves,
        )
        s.commit()
    return due, t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=30.0, help="seconds over which the reminders fall due")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--mail", choices=("worker", "inline"), default="worker",
                        help="worker: a mail worker process sends the reminder emails (MAIL_DELIVERY=worker); inline: the scheduler's process does")
    args = parser.parse_args()
    os.environ["MAIL_DELIVERY"] = args.mail

    url, drop = setup_db(args.postgres)
    os.environ["DATABASE_URL"] = url
    os.environ["SCHEDULER_THREADS"] = str(args.threads)
    os.environ.pop("REDIS_URL", None)
    from engnest.migrations import upgrade
    from engnest.platform.settings import reset_settings_cache

    reset_settings_cache()
    upgrade(url)
    try:
        run(args)
    finally:
        from engnest.platform.db import dispose_engines

        dispose_engines()
        drop()


def run(args) -> None:
    from engnest.notifications.models import Notification
    from engnest.platform.db import session_scope
    from engnest.platform.scheduler.runtime import SchedulerRuntime

    seeding = time.perf_counter()
    ids = seed(args.meetings, args.window)
    seeded = time.perf_counter() - seeding
    lead = 3.0  # the due times are computed now, after seeding: the scheduler starts well before the first one
    due, t0 = schedule(ids, args.window, lead)
    print(f"seeded {len(due)} accepted meetings ({3 * len(due)} jobs) in {seeded:.1f} s; "
          f"reminders due over {args.window:.0f} s from {max(0.0, (t0 - dt.datetime.now(dt.timezone.utc)).total_seconds()):.1f} s from now")

    executed: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def on_event(event):
        if not event.job_id.startswith("meeting:") or ":reminder:" not in event.job_id:
            return
        with lock:
            if event.code == EVENT_JOB_EXECUTED:
                executed[event.job_id] += 1
            else:
                errors.append(f"{event.job_id}: {event.exception!r}")

    mailer = None
    if args.mail == "worker":
        import subprocess

        mailer_log = Path(tempfile.gettempdir()) / f"engnest-bench-mail-worker-{os.getpid()}.log"
        print(f"mail worker log: {mailer_log}")
        with mailer_log.open("w") as out:
            mailer = subprocess.Popen([sys.executable, "-m", "engnest.jobs.mail_worker"], cwd=Path(__file__).resolve().parent.parent,
                                      stdout=out, stderr=subprocess.STDOUT)
    tracemalloc.start()
    rss_before = rss_kb()
    runtime = SchedulerRuntime(redis_url=None)
    runtime.scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    runtime.start()
    deadline = time.monotonic() + lead + args.window + 120
    peak_rss = rss_before
    while time.monotonic() < deadline:
        with lock:
            done = sum(executed.values()) + len(errors)
        peak_rss = max(peak_rss, rss_kb())
        if done >= len(due):
            break
        time.sleep(0.25)
    time.sleep(2 * runtime.scheduler.poll_seconds)  # anything that would fire twice has had its chance
    _, traced_peak = tracemalloc.get_traced_memory()
    runtime.stop(wait=True)
    tracemalloc.stop()

    from engnest.platform.mail.models import OutboundEmail

    emails_due = 2 * len(due)
    mail_deadline = time.monotonic() + 300
    while True:  # the emails: all sent (by the worker, or the scheduler's process inline), within a bound
        with session_scope() as s:
            emails_sent = s.execute(sa.select(sa.func.count()).select_from(OutboundEmail).where(OutboundEmail.status == "sent")).scalar_one()
        if emails_sent >= emails_due or time.monotonic() > mail_deadline or args.mail == "inline":
            break
        time.sleep(1.0)
    if mailer is not None:
        mailer.terminate()
        mailer.wait(timeout=30)
    with session_scope() as s:
        rows = s.execute(sa.select(Notification.link, Notification.created_at).where(Notification.kind == "meeting_reminder")).all()
    notes = len(rows)
    ran: dict[int, dt.datetime] = {}
    for link, created in rows:  # both notifications of a reminder carry the same `now`
        ran[int(link.rsplit("/", 1)[-1])] = created if created.tzinfo else created.replace(tzinfo=dt.timezone.utc)
    lateness = [(ran[mid] - due[mid]).total_seconds() for mid in ran]
    once = sum(1 for c in executed.values() if c == 1)
    twice = sum(1 for c in executed.values() if c > 1)
    never = len(due) - len(executed)
    lateness.sort()
    q = statistics.quantiles(lateness, n=100) if len(lateness) > 1 else [0.0] * 99
    print(f"fired: {sum(executed.values())} reminder jobs; exactly once: {once}; more than once: {twice}; never: {never}; errors: {len(errors)}")
    print(f"reminder notifications: {notes} (expected {2 * len(due)}); emails sent: {emails_sent} (mail delivery: {args.mail})")
    print(f"lateness (start - scheduled): p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, max {lateness[-1] * 1000 if lateness else 0:.0f} ms "
          f"-> {'OK' if q[94] <= 1.0 else 'ABOVE'} the 1 s target")
    print(f"scheduler memory: RSS +{(peak_rss - rss_before) / 1024:.1f} MB (peak {peak_rss / 1024:.0f} MB), tracemalloc peak {traced_peak / 1e6:.1f} MB")
    for line in errors[:5]:
        print("error:", line)


if __name__ == "__main__":
    main()
