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
        m = accepted_meeting(s, a, b, start=now + dt.timedelta(seconds=10), end=now + dt.timedelta(seconds=13))

    def counts():
        with Session(engine) as s:
            rows = s.exec(
                sa.select(Notification.kind, Notification.user_id).where(Notification.link == f"/meetings/{m.id}")
            ).all()
            status = s.get(Meeting, m.id).status
        out: dict[str, list[int]] = {}
        for kind, uid in rows:
            out.setdefault(kind, []).append(uid)
        return out, status

    deadline = time.monotonic() + 40
    seen, status = counts()
    while time.monotonic() < deadline and not (status == "awaiting_review" and len(seen.get("review_request", [])) == 2):
        time.sleep(0.5)
        seen, status = counts()
    time.sleep(3)  # both workers poll a few more times: nothing may be sent twice
    seen, status = counts()
    engine.dispose()
    assert status == "awaiting_review"
    for kind in ("meeting_reminder", "meeting_started", "review_request"):
        assert sorted(seen.get(kind, [])) == sorted([a.id, b.id]), (kind, seen)
