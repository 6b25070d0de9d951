"""Availability: a person sets their weekly hours in Settings (in their timezone), and the meeting request
form offers times inside both people's hours, fills the time from one, and warns for a time outside them.
With DOCS_SCREENSHOTS=1 it also saves docs/img/availability.png."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from factories import NOW, make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in
from engnest.meetings.services import availability

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def arrange(engine):
    tag = uuid.uuid4().hex[:6]
    with Session(engine, expire_on_commit=False) as s:
        me = make_user(s, email=f"hours-me-{tag}@example.com", complete=True, first_name="Ren", city="Tokyo, Japan", timezone="Asia/Tokyo")
        other = make_user(s, email=f"hours-them-{tag}@example.com", complete=True, first_name="Lou", city="London, United Kingdom")
        availability.set_week(session=s, user_id=other.id, texts=["08:00-12:00"] * 5 + ["", ""], now=NOW)
        s.commit()
        return me, other


def test_weekly_hours_set_in_settings_shape_the_times_the_request_form_offers(new_page, app_engine):
    me, other = arrange(app_engine)
    page = new_page(timezone_id="Asia/Tokyo", locale="en-GB")
    sign_in(page, me.email)
    expect(page.get_by_test_id("home-greeting")).to_be_visible()

    page.goto("/settings#availability")
    card = page.get_by_test_id("availability-card")
    expect(card).to_contain_text("Asia/Tokyo")
    card.get_by_label("Wednesday").fill("lunchtime")
    card.get_by_test_id("availability-save").click()
    expect(card.get_by_role("alert")).to_contain_text("09:00-17:30")
    for day in DAYS[:5]:
        card.get_by_label(day.capitalize()).fill("17:00-21:00, 21:00-23:00")
    card.get_by_test_id("availability-save").click()
    expect(card.get_by_test_id("availability-note")).to_contain_text("Saved")
    expect(card.get_by_label("Monday")).to_have_value("17:00-23:00")  # touching ranges joined
    expect(card.get_by_label("Saturday")).to_have_value("")

    page.goto(f"/meetings/new?with={other.id}")
    offers = page.get_by_test_id("slot-offer")
    expect(offers.first).to_be_visible()
    # Tokyo 17:00-23:00 and London 08:00-12:00 (GMT or BST) meet in the Tokyo evening.
    first = offers.first.inner_text()
    assert re.search(r"\b(1[7-9]|2[0-2]):[03]0\b", first), first
    offers.first.click()
    expect(page.locator("#time")).to_have_value(re.compile(r"^(1[7-9]|2[0-2]):[03]0$"))
    expect(page.get_by_test_id("time-warning")).to_have_count(0)

    page.locator("#time").fill("10:00")  # a Tokyo morning: outside both people's hours
    warnings = page.get_by_test_id("time-warning")
    expect(warnings.filter(has_text="outside your usual hours")).to_have_count(1)
    expect(warnings.filter(has_text="outside the hours they are usually free")).to_have_count(1)

    if os.environ.get("DOCS_SCREENSHOTS"):
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        offers.first.click()
        expect(page.get_by_test_id("time-warning")).to_have_count(0)
        page.locator("#time").fill("23:30")
        expect(page.get_by_test_id("time-warning").first).to_be_visible()
        page.get_by_test_id("slot-offers").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS_IMG / "availability.png"), full_page=False)
