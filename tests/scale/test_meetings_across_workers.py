"""A meeting answered through one worker reaches the other person's open page on the other worker."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from e2e.flows import sign_in
from factories import make_user
from meeting_support import spot_ids
from playwright.sync_api import expect
from sqlmodel import Session

from engnest.meetings.services import meeting_requests
from engnest.platform.db import make_engine


def test_accepting_on_one_worker_updates_the_requesters_page_on_the_other(scale_stack, scale_page):
    engine = make_engine(scale_stack.db_url)
    tag = uuid.uuid4().hex[:6]
    with Session(engine, expire_on_commit=False) as s:
        a = make_user(s, email=f"scale-aiko-{tag}@example.com", complete=True, first_name="Aiko", last_name="Tanaka", city="Tokyo, Japan", timezone="Asia/Tokyo")
        b = make_user(s, email=f"scale-ben-{tag}@example.com", complete=True, first_name="Ben", last_name="Hughes", city="Yokohama, Japan", timezone="Asia/Tokyo")
        day = (dt.datetime.now(ZoneInfo("Asia/Tokyo")) + dt.timedelta(days=9)).date().isoformat()
        meeting = meeting_requests.request_meeting(
            session=s, requester_id=a.id, recipient_id=b.id, kind="in_person", start_date=day, start_time="15:00",
            duration=60, spot_id=spot_ids(s, a, b)[0], now=dt.datetime.now(dt.timezone.utc),
        )
        s.commit()  # services never commit: the arranging test is the outermost caller
    engine.dispose()

    requester = scale_page("a", timezone_id="Asia/Tokyo")
    sign_in(requester, a.email, next_path=f"/meetings/{meeting.id}")
    expect(requester).to_have_url(re.compile(rf"/meetings/{meeting.id}/?$"))
    expect(requester.locator("[data-testid=meeting-status]")).to_have_text("Pending")

    recipient = scale_page("b", timezone_id="Asia/Tokyo")
    sign_in(recipient, b.email, next_path=f"/meetings/{meeting.id}")
    recipient.click("[data-testid=accept]")
    expect(recipient.locator("[data-testid=meeting-status]")).to_have_text("Accepted")

    # Worker A's tab hears about it through Redis and reloads from Postgres, without a page reload.
    expect(requester.locator("[data-testid=meeting-status]")).to_have_text("Accepted")
    expect(requester.locator("[data-testid=other-name]")).to_have_text("Ben Hughes")
