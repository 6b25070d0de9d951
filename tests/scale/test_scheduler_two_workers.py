"""Two web workers, each with an embedded scheduler behind the Redis leader lock: a meeting accepted from
outside both (this test process writes its jobs) gets exactly one reminder, one "started" and one review
request per person, and moves to awaiting review — whichever worker leads."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import sqlalchemy as sa
from factories import make_user
from meeting_support import accepted_meeting
from sqlmodel import Session

from engnest.meetings.models import Meeting
from engnest.notifications.models import Notification
from engnest.platform.db import make_engine


def test_two_workers_produce_one_notification_per_event(scale_stack):
    engine = make_engine(scale_stack.db_url)
    tag = uuid.uuid4().hex[:6]
    with Session(engine, expire_on_commit=False) as s:
        a = make_user(s, email=f"sched-a-{tag}@example.com", complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
        b = make_user(s, email=f"sched-b-{tag}@example.com", complete=True, city="Yokohama, Japan", timezone="Europe/London")
        now = dt.datetime.now(dt.timezone.utc)  # the reminder is due at once (< 24 h ahead), the start in 10 s
        # (start and end 10 s apart, so a busy machine cannot fire them in one batch, where the end may overtake
        # the start and the "started" notice is rightly skipped)
        m = accepted_meeting(s, a, b, start=now + dt.timedelta(seconds=10), end=now + dt.timedelta(seconds=20))

    def counts(meeting_id: int):
        with Session(engine) as s:
            rows = s.exec(
                sa.select(Notification.kind, Notification.user_id).where(Notification.link == f"/meetings/{meeting_id}")
            ).all()
            status = s.get(Meeting, meeting_id).status
        out: dict[str, list[int]] = {}
        for kind, uid in rows:
            out.setdefault(kind, []).append(uid)
        return out, status

    def wait_until(done, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, counts(m.id)
            time.sleep(0.5)

    wait_until(lambda: counts(m.id)[1] == "awaiting_review" and len(counts(m.id)[0].get("review_request", [])) == 2)
    # Nothing may be sent twice: a control meeting's reminder, due after all of m's jobs, shows the schedulers
    # went on past them (several polls) before m's notifications are counted.
    with Session(engine, expire_on_commit=False) as s:
        c = make_user(s, email=f"sched-c-{tag}@example.com", complete=True, city="Tokyo, Japan", timezone="Asia/Tokyo")
        d = make_user(s, email=f"sched-d-{tag}@example.com", complete=True, city="Yokohama, Japan", timezone="Asia/Tokyo")
        control = accepted_meeting(s, c, d, start=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2))
    wait_until(lambda: len(counts(control.id)[0].get("meeting_reminder", [])) == 2)
    seen, status = counts(m.id)
    engine.dispose()
    assert status == "awaiting_review"
    for kind in ("meeting_reminder", "meeting_started", "review_request"):
        assert sorted(seen.get(kind, [])) == sorted([a.id, b.id]), (kind, seen)
