"""A user searches with filters, opens an anonymised card (the real name is in neither the page nor the
websocket frames), sends a friend request that the other user accepts in a second browser, and sees the
online dot come on, then go off within 30 s of the other closing EngNest."""

from __future__ import annotations

import re
import time
import uuid

from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import fill_about, fill_complete_profile, sign_up, wait_for_profile_page

SECRET_FIRST, SECRET_LAST = "Zelda", "Quixote"


def capture_frames(page) -> list[str]:
    frames: list[str] = []

    def on_socket(ws):
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    page.on("websocket", on_socket)
    return frames


def test_search_anonymised_card_friend_request_and_online_dot(new_page, app_engine):
    word = "hover" + uuid.uuid4().hex[:6]  # only this test's people use it
    with Session(app_engine) as session:  # a decoy far away, so the distance filter has work to do
        make_user(session, complete=True, first_name="Decoy", city="Tokyo, Japan", pitch=f"I test {word} drones in the rain too.")

    zelda = new_page(timezone_id="Europe/London")
    sign_up(zelda, f"zelda-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(zelda)
    fill_complete_profile(zelda, SECRET_FIRST, SECRET_LAST, "Manches", "Manchester, United Kingdom")
    fill_about(zelda, SECRET_FIRST, SECRET_LAST, f"I'm {SECRET_FIRST}, I design {word} drones and love testing them in the rain.", "Mechanical")

    viewer = new_page(timezone_id="America/New_York")
    frames = capture_frames(viewer)
    sign_up(viewer, f"viewer-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(viewer)
    fill_complete_profile(viewer, "Vera", "Viewer", "Leeds", "Leeds, United Kingdom", discipline="Civil")

    def showing(query: str) -> None:  # the results on screen are those of `query`
        expect(viewer.locator("[data-testid=search-results]")).to_have_attribute("data-shown", query)

    viewer.goto("/discover")
    showing("")
    viewer.fill("#filter-q", f"{word} drones")
    viewer.select_option("#filter-discipline", "mechanical")
    viewer.click("[data-testid=apply-filters]")
    showing(f"?q={word}+drones&discipline=mechanical")
    expect(viewer.locator("[data-testid=result-count]")).to_have_text(re.compile(r"^2 engineers"))
    viewer.fill("#filter-within", "200")
    viewer.click("[data-testid=apply-filters]")
    showing(f"?q={word}+drones&discipline=mechanical&within=200")
    expect(viewer).to_have_url(re.compile(rf"/discover\?q={word}\+drones&discipline=mechanical&within=200$"))
    expect(viewer.locator("[data-testid=result-count]")).to_have_text(re.compile(r"^1 engineer "))
    card = viewer.locator("[data-testid=person-card]")
    expect(card).to_have_count(1)
    expect(card.locator("[data-testid=card-pitch]")).to_contain_text(f"I'm [name], I design {word} drones")
    expect(card.locator("[data-testid=online-dot]")).to_have_attribute("data-online", "yes")

    viewer.go_back()  # the filters live in the URL: back restores the search without the distance
    showing(f"?q={word}+drones&discipline=mechanical")
    expect(viewer.locator("[data-testid=result-count]")).to_have_text(re.compile(r"^2 engineers"))
    expect(viewer.locator("#filter-within")).to_have_value("")
    viewer.go_forward()
    showing(f"?q={word}+drones&discipline=mechanical&within=200")
    expect(viewer.locator("#filter-within")).to_have_value("200")
    expect(viewer.locator("[data-testid=person-card]")).to_have_count(1)

    viewer.locator("[data-testid=person-card] [data-testid=card-title]").click()
    expect(viewer).to_have_url(re.compile(r"/people/\d+$"))
    expect(viewer.locator("[data-testid=person-pitch]")).to_contain_text("[name]")
    html = viewer.content()
    assert SECRET_FIRST not in html and SECRET_LAST not in html
    assert frames and not any(SECRET_FIRST in f or SECRET_LAST in f for f in frames)

    viewer.click("[data-testid=add-friend]")
    expect(viewer.locator("[data-testid=cancel-request]")).to_be_visible()

    zelda.goto("/friends")
    received = zelda.locator("[data-testid=requests-received] [data-testid=person-card]")
    expect(received).to_contain_text("Civil engineer")
    received.locator("[data-testid=accept-friend]").click()
    expect(zelda.locator("[data-testid=friends-list] [data-testid=person-card]")).to_have_count(1)
    expect(viewer.locator("[data-testid=remove-friend]")).to_be_visible()  # live, via the friends push

    viewer.goto("/friends")
    friend = viewer.locator("[data-testid=friends-list] [data-testid=person-card]")
    expect(friend.locator("[data-testid=online-dot]")).to_have_attribute("data-online", "yes")
    expect(viewer.locator("[data-testid=online-count]")).to_have_text("1 online")

    zelda.context.close()
    closed = time.monotonic()
    expect(friend.locator("[data-testid=online-dot]")).to_have_attribute("data-online", "no", timeout=60_000)  # TTL + sweep is 28 s; the rest is a loaded machine
    assert time.monotonic() - closed <= 30
    expect(friend.locator("[data-testid=card-facts]")).to_contain_text("last seen")
    assert not any(SECRET_FIRST in f or SECRET_LAST in f for f in frames)
    assert viewer.errors == []
