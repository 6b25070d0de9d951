"""In Chromium, nothing a stranger's browser receives gives away the other person's exact town (issue 9,
§2.3): neither the request page's DOM nor any websocket frame holds "Newark" or Newark's coordinates, before
or after the request is sent; both say "near New York City"."""

from __future__ import annotations

import re

from location_support import leaks, make_nia_and_sam
from playwright.sync_api import Page, expect
from sqlmodel import Session

from e2e.flows import sign_in

NEW_YORK_TZ = "America/New_York"


def record_frames(page: Page) -> list[str]:
    """Every websocket frame the page receives from now on (the Reflex state deltas)."""
    frames: list[str] = []

    def on_socket(ws) -> None:
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    page.on("websocket", on_socket)
    return frames


def test_the_request_page_and_the_meeting_page_never_carry_the_exact_town(new_page, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        nia, sam = make_nia_and_sam(s)
    page = new_page(timezone_id=NEW_YORK_TZ, locale="en-US")
    frames = record_frames(page)
    sign_in(page, sam.email, next_path=f"/meetings/new?with={nia.id}")

    expect(page.locator("[data-testid=request-with]")).to_contain_text("Mechanical engineer near New York City")
    options = page.locator("[data-testid=spot-option]")
    expect(options.nth(4)).to_be_visible()
    expect(page.locator("path.person-marker")).to_have_count(2)  # "You" and "Them (near New York City, …)"
    assert options.first.inner_text().count(" km") == 1  # my trip in km, theirs in words
    page.click("[data-testid=spot-kind]")
    page.get_by_role("option", name="Libraries", exact=True).click()
    expect(options.first).to_contain_text("Library")
    received = "\n".join(frames)
    assert "near New York City" in received  # the state did come over the socket
    assert leaks(page.content()) == [] and leaks(received) == []

    page.click("[data-testid=send-request]")
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Pending")
    expect(page.locator("[data-testid=other-anonymous]")).to_contain_text("Mechanical engineer near New York City")
    expect(page.locator("path.person-marker")).to_have_count(2)
    received = "\n".join(frames)
    assert leaks(page.content()) == [] and leaks(received) == []
