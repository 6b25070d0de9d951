"""The bell, live, in two browsers: B's unread count rises while A sends a friend request and a meeting
request; B opens the list, clicks through to the meeting and the count drops; "mark all read" clears it;
and what arrives while B is signed out is waiting at the next sign-in."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from factories import make_user
from playwright.sync_api import Page, expect
from sqlmodel import Session

from e2e.flows import sign_in, sign_out
from engnest.network.services import friends
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow
from engnest.platform.domain.timezones import ensure_aware_utc

TOKYO, LONDON = "Asia/Tokyo", "Europe/London"


def bell(page: Page):
    return page.locator("[data-testid=bell-count]")


def test_the_bell_counts_live_leads_to_the_meeting_and_keeps_what_came_while_away(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine, expire_on_commit=False) as s:
        a = make_user(s, email=f"aiko-bell-{tag}@example.com", complete=True, first_name="Aiko", last_name="Tanaka", city="Tokyo, Japan", timezone=TOKYO)
        b = make_user(s, email=f"ben-bell-{tag}@example.com", complete=True, first_name="Ben", last_name="Hughes", city="Yokohama, Japan", timezone=LONDON)
        c = make_user(s, email=f"cy-bell-{tag}@example.com", complete=True, first_name="Cy", last_name="Ode", city="Tokyo, Japan", timezone=TOKYO)

    pb = new_page(timezone_id=LONDON)
    sign_in(pb, b.email)
    expect(pb).to_have_url(re.compile(r"/home"))
    expect(pb.locator("[data-testid=nav-bell]")).to_be_visible()
    expect(bell(pb)).to_have_count(0)  # nothing unread: no number

    # A sends a friend request: B's bell shows 1 without B doing anything.
    pa = new_page(timezone_id=TOKYO)
    sign_in(pa, a.email, next_path=f"/people/{b.id}")
    pa.click("[data-testid=add-friend]")
    expect(pa.locator("[data-testid=cancel-request]")).to_be_visible()
    expect(bell(pb)).to_have_text("1")

    # A asks to meet: 2.
    pa.goto(f"/meetings/new?with={b.id}")
    option = pa.locator("[data-testid=spot-option]").first
    expect(option).to_be_visible()
    option.click()
    day = (dt.datetime.now(ZoneInfo(TOKYO)) + dt.timedelta(days=9)).date()
    pa.fill("input[name=date]", day.isoformat())
    pa.fill("input[name=time]", "11:00")
    pa.click("[data-testid=send-request]")
    expect(pa).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_path = re.sub(r"^https?://[^/]+", "", pa.url)
    expect(bell(pb)).to_have_text("2")

    # B opens the bell: newest first, both unread; the meeting request leads to the meeting.
    pb.click("[data-testid=nav-bell]")
    expect(pb).to_have_url(re.compile(r"/notifications"))
    items = pb.locator("[data-testid=notification]")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("wants to meet")
    expect(items.nth(1)).to_contain_text("New friend request")
    expect(pb.locator("[data-testid=notification-unread]")).to_have_count(2)
    items.nth(0).locator("[data-testid=notification-open]").click()
    expect(pb).to_have_url(re.compile(re.escape(meeting_path) + "$"))
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Pending")
    expect(bell(pb)).to_have_text("1")

    # Back to the list: one still unread; "Mark all as read" clears the bell.
    pb.click("[data-testid=nav-bell]")
    expect(pb.locator("[data-testid=notification-unread]")).to_have_count(1)
    pb.click("[data-testid=mark-all-read]")
    expect(pb.locator("[data-testid=notification-unread]")).to_have_count(0)
    expect(bell(pb)).to_have_count(0)

    # B signs out; meanwhile Cy sends a friend request. At the next sign-in it is there.
    sign_out(pb)
    with Session(app_engine) as s:
        # Newer than everything B has, by the app's own stored times: this process and the app's keep separate
        # clocks (a clock-shifted run under stress-ng once stored this row before the app's meeting request).
        latest = s.exec(sa.select(sa.func.max(Notification.created_at)).where(Notification.user_id == b.id)).one()[0]
        latest = ensure_aware_utc(latest) if latest is not None else utcnow()
        friends.send_request(session=s, user_id=c.id, other_id=b.id, now=max(utcnow(), latest + dt.timedelta(seconds=1)))
        s.commit()
    sign_in(pb, b.email)
    expect(pb).to_have_url(re.compile(r"/home"))
    expect(bell(pb)).to_have_text("1")
    pb.click("[data-testid=nav-bell]")
    expect(pb.locator("[data-testid=notification]")).to_have_count(3)
    first = pb.locator("[data-testid=notification]").first
    expect(first).to_contain_text("New friend request")
    expect(first.locator("[data-testid=notification-unread]")).to_be_visible()
    first.locator("[data-testid=notification-open]").click()
    expect(pb).to_have_url(re.compile(r"/friends$"))
    expect(bell(pb)).to_have_count(0)
