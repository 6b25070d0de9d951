"""Issue 10 end to end: the owner edits the pitch, sees a flagged quasi-identifier with its explanation, hides
it in one click, reviews and publishes; a stranger's card and person page (DOM and websocket frames) hold
none of the owner's identifying strings."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from e2e.flows import fill_complete_profile, ready, sign_up, wait_for_profile_page
from e2e.test_discovery import capture_frames


def test_owner_hides_a_flagged_phrase_publishes_and_a_stranger_sees_none_of_it(new_page):
    word = "gyro" + uuid.uuid4().hex[:6]
    handle = "rusty" + uuid.uuid4().hex[:5]
    local = f"femi.adeyemi{uuid.uuid4().hex[:4]}"
    owner = new_page(timezone_id="Africa/Lagos")
    sign_up(owner, f"{local}@example.com")
    wait_for_profile_page(owner)
    fill_complete_profile(owner, "Oluwafemi", "Adeyemi", "Manches", "Manchester, United Kingdom")

    pitch = (
        f"Femi here! I build {word} stabilisers. I'm the only female CTO at Acme Robotics. "
        f"My handle is the same everywhere: {handle}. Mail {local} [at] example [dot] com."
    )
    editor = owner.locator("[data-testid=pitch-editor]")
    editor.locator("textarea[name=pitch]").fill(pitch)
    preview = owner.locator("[data-testid=pitch-preview]")
    expect(preview).to_contain_text(f"[name] here! I build {word} stabilisers.")
    expect(owner.get_by_text("Not published yet", exact=False)).to_be_visible()
    flag = owner.locator("[data-testid=pitch-flag]")
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text("the only female CTO at Acme Robotics")
    expect(flag).to_contain_text("people in your field can name you")
    expect(preview).to_contain_text("Acme Robotics")  # visible until the owner decides

    flag.locator("[data-testid=hide-flag]").click()
    expect(flag).to_have_count(0)
    expect(preview).to_contain_text("I'm [hidden].")
    expect(owner.locator("[data-testid=hidden-words]")).to_contain_text("Acme Robotics")
    shown = preview.inner_text()

    owner.click("[data-testid=review-pitch]")
    owner.click("[data-testid=publish-pitch]")
    expect(owner.get_by_text("Published. Other engineers now see this version.")).to_be_visible()

    viewer = new_page(timezone_id="Europe/London")
    frames = capture_frames(viewer)
    sign_up(viewer, f"viewer-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(viewer)
    fill_complete_profile(viewer, "Vera", "Viewer", "Leeds", "Leeds, United Kingdom", discipline="Civil")
    viewer.goto("/discover")
    ready(viewer, "[data-testid=apply-filters]")
    viewer.fill("#filter-q", word)
    viewer.click("[data-testid=apply-filters]")
    card = viewer.locator("[data-testid=person-card]")
    expect(card).to_have_count(1)
    expect(card.locator("[data-testid=card-pitch]")).to_contain_text(f"[name] here! I build {word} stabilisers. I'm [hidden].")
    assert card.locator("[data-testid=card-pitch]").inner_text().strip() == shown.strip()  # exactly the owner's preview
    card.locator("[data-testid=card-title]").click()
    expect(viewer).to_have_url(re.compile(r"/people/\d+$"))
    expect(viewer.locator("[data-testid=person-pitch]")).to_contain_text("[contact]")

    secrets = ("Femi", "Oluwafemi", "Adeyemi", handle, local, "Acme")
    html = viewer.content()
    seen = "\n".join(frames)
    assert frames, "the websocket frames were captured"
    for secret in secrets:
        assert secret not in html, secret
        assert secret not in seen, secret
