"""The scheduler leader SIGKILLed 2 s before a reminder is due (issue 16's chaos tier): the other worker takes the
Redis leader lock after its TTL and sends the reminder, to each person exactly once, within a bound."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa
from factories import make_user
from meeting_support import accepted_meeting
from sqlmodel import Session

from chaos.stack import LOCK_TTL_S, wait_until_up
from engnest.notifications.models import Notification

DUE_IN_S = 8.0
LATE_BOUND_S = LOCK_TTL_S + 10  # lock expiry, the survivor's next poll, and a loaded machine


def leader(stack) -> str:
    """The worker whose scheduler holds the Redis leader lock now (the lock's value names its process)."""
    import os

    import redis

    client = redis.Redis.from_url(stack.redis.url)
    try:
        value = client.get(f"{stack.env['REDIS_PREFIX']}:scheduler:leader")
    finally:
        client.close()
    assert value, "no scheduler holds the leader lock"
    pid = int(value.decode().split(":")[1])
    (name,) = [n for n, w in stack.workers.items() if w.process.poll() is None and os.getpgid(pid) == w.process.pid]
    return name


def reminders(engine, meeting_id: int) -> list[tuple[int, dt.datetime]]:
    with Session(engine) as s:
        return list(s.exec(sa.select(Notification.user_id, Notification.created_at).where(
            Notification.link == f"/meetings/{meeting_id}", Notification.kind == "meeting_reminder")).all())


def test_the_scheduler_leader_killed_2_s_before_a_reminder(chaos_stack):
    engine = sa.create_engine(chaos_stack.db_url, pool_pre_ping=True)
    deadline = time.monotonic() + 60
    while True:  # both workers up and one of them leading
        try:
            old = leader(chaos_stack)
            break
        except AssertionError:
            assert time.monotonic() < deadline, "no scheduler took the leader lock"
            time.sleep(0.2)
    with Session(engine, expire_on_commit=False) as s:
        a = make_user(s, complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
        b = make_user(s, complete=True, city="Yokohama, Japan", timezone="Asia/Tokyo")
        due = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=DUE_IN_S)
        meeting = accepted_meeting(s, a, b, start=due + dt.timedelta(hours=24))  # its 24 h reminder is due in 8 s
    time.sleep(max(0.0, (due - dt.datetime.now(dt.timezone.utc)).total_seconds() - 2))  # the fault's moment
    chaos_stack.kill_worker(old)
    deadline = time.monotonic() + 60
    while len(reminders(engine, meeting.id)) < 2:
        assert time.monotonic() < deadline, f"the reminder was never sent: {reminders(engine, meeting.id)}"
        time.sleep(0.2)
    late = max((created if created.tzinfo else created.replace(tzinfo=dt.timezone.utc)) - due for _, created in reminders(engine, meeting.id))
    print(f"\nleader {old} SIGKILLed 2 s before the reminder -> sent {late.total_seconds():.2f} s after its due time")
    assert late.total_seconds() <= LATE_BOUND_S
    # Nothing twice: the survivor went on past it (a later reminder fired) and there are still two.
    with Session(engine, expire_on_commit=False) as s:
        c = make_user(s, complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
        d = make_user(s, complete=True, city="Yokohama, Japan", timezone="Asia/Tokyo")
        control = accepted_meeting(s, c, d, start=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=24, seconds=1))
    while len(reminders(engine, control.id)) < 2:
        assert time.monotonic() < deadline + 60, "the surviving scheduler stopped"
        time.sleep(0.2)
    assert sorted(uid for uid, _ in reminders(engine, meeting.id)) == sorted([a.id, b.id])
    wait_until_up(chaos_stack.start_worker(old))
    engine.dispose()
