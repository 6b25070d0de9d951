"""A meeting accepted to start in under a minute: the running app's own scheduler starts it and ends it
while both people watch their meeting pages (live, no reload), both review it, and it completes."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from factories import make_user
from meeting_support import accepted_meeting
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in

LIVE = 75_000  # the scheduler polls the job table every 2 s; browsers, sign-in and CI add the rest


def test_the_scheduler_starts_and_ends_the_meeting_live_and_both_reviews_complete_it(app_engine, new_page):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine, expire_on_commit=False) as s:
        a = make_user(s, email=f"rev-a-{tag}@example.com", complete=True, first_name="Aiko", city="Tokyo, Japan", timezone="Asia/Tokyo")
        b = make_user(s, email=f"rev-b-{tag}@example.com", complete=True, first_name="Ben", city="Yokohama, Japan", timezone="Europe/London", discipline="electrical")
        now = dt.datetime.now(dt.timezone.utc)
        m = accepted_meeting(s, a, b, start=now + dt.timedelta(seconds=40), end=now + dt.timedelta(seconds=55))

    pages = {}
    for who, tz in ((a, "Asia/Tokyo"), (b, "Europe/London")):
        page = new_page(timezone_id=tz)
        sign_in(page, who.email, next_path=f"/meetings/{m.id}")
        expect(page).to_have_url(re.compile(rf"/meetings/{m.id}/?$"))
        pages[who.id] = page
    pa, pb = pages[a.id], pages[b.id]
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Accepted")
    # B's bell: the request, and the reminder the scheduler sends at once (the meeting is under 24 h away).
    bell = pb.locator("[data-testid=bell-count]")
    expect(bell).to_have_text("2", timeout=LIVE)

    # The start and the end arrive by push from the scheduler inside the running app, bell included.
    expect(pb.locator("[data-testid=meeting-started]")).to_be_visible(timeout=LIVE)
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("In progress")
    expect(bell).to_have_text("3")
    expect(pa.locator("[data-testid=review-prompt]")).to_be_visible(timeout=LIVE)
    expect(pb.locator("[data-testid=review-prompt]")).to_be_visible(timeout=LIVE)
    expect(bell).to_have_text("4")

    pa.click("[data-testid=rating-5]")
    pa.click("[data-testid=attended-yes]")
    pa.fill("textarea[name=comment]", "Great ideas on <b>power</b> boards")
    pa.click("[data-testid=send-review]")
    expect(pa.locator("[data-testid=my-review]")).to_contain_text("5")
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Awaiting reviews")

    pb.click("[data-testid=send-review]")  # nothing chosen: told what is missing, nothing saved
    expect(pb.locator("[data-testid=error-rating]")).to_be_visible()
    pb.click("[data-testid=rating-4]")
    pb.click("[data-testid=attended-yes]")
    pb.click("[data-testid=send-review]")
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Completed")
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Completed")  # live on the other page too

    # B's notification list tells the story, newest first; the review prompt leads back to the meeting.
    pb.click("[data-testid=nav-bell]")
    items = pb.locator("[data-testid=notification]")
    expect(items).to_have_count(4)
    expect(items.nth(0)).to_contain_text("How was your meeting")
    expect(items.nth(1)).to_contain_text("has started")
    expect(items.nth(2)).to_contain_text("Coming up: meeting with")
    expect(items.nth(3)).to_contain_text("wants to meet")
    items.nth(0).locator("[data-testid=notification-open]").click()
    expect(pb).to_have_url(re.compile(rf"/meetings/{m.id}/?$"))
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Completed")
    expect(bell).to_have_text("3")
