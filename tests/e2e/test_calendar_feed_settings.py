"""Settings → Calendar feed in the browser: make a link (shown once), a calendar app reads it, regenerate (the
old link stops at once), turn it off."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.sync_api import expect

from e2e.flows import sign_up, wait_for_profile_page


def test_make_regenerate_and_turn_off_the_calendar_feed(page):
    sign_up(page, f"feed-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(page)
    page.goto("/settings")
    card = page.locator("[data-testid=calendar-feed-card]")
    expect(card.locator("[data-testid=feed-status]")).to_have_text("Your feed is off.")

    card.locator("[data-testid=feed-create]").click()
    url_box = card.locator("[data-testid=feed-url]")
    expect(url_box).to_have_value(re.compile(r"^http://localhost:\d+/calendar/feed/[A-Za-z0-9_-]{40,}\.ics$"))
    first = url_box.input_value()
    answer = httpx.get(first, timeout=10)
    assert answer.status_code == 200 and answer.text.startswith("BEGIN:VCALENDAR")

    card.locator("[data-testid=feed-regenerate]").click()
    expect(url_box).not_to_have_value(first)
    second = url_box.input_value()
    assert httpx.get(first, timeout=10).status_code == 404 and httpx.get(second, timeout=10).status_code == 200

    page.reload()  # shown once: after a reload the link is gone, the feed stays on
    expect(card.locator("[data-testid=feed-status]")).to_contain_text("Your feed is on")
    expect(card.locator("[data-testid=feed-url]")).to_have_count(0)
    card.locator("[data-testid=feed-off]").click()
    expect(card.locator("[data-testid=feed-status]")).to_have_text("Your feed is off.")
    assert httpx.get(second, timeout=10).status_code == 404
