"""Two people who have not met chat live in a public room (issue 13): each sees the other's pseudonym, and the
real names are in neither the page nor any websocket frame."""

from __future__ import annotations

import re
import uuid

from factories import PASSWORD, make_user
from playwright.sync_api import Page, expect
from sqlmodel import Session

from e2e.flows import sign_in
from e2e.test_discovery import capture_frames
from engnest.community.models import Pseudonym
from engnest.community.services import rooms
from engnest.platform.clock import utcnow

SECRETS = {"Orsolya": "Vantablack", "Thaddeus": "Quillfeather"}


def write(page: Page, text: str) -> None:
    box = page.locator("[data-testid=message-input]")
    box.fill(text)
    box.press("Enter")


def test_two_strangers_chat_live_in_a_public_room_under_pseudonyms(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine) as s:
        owner, guest = (make_user(s, complete=True, first_name=f, last_name=last, email=f"{f.lower()}-{tag}@example.com") for f, last in SECRETS.items())
        request = rooms.check_create_room(session=s, owner_id=owner.id, name=f"Bridges {tag}", topic="Spans", tags="civil", visibility="public")
        room_id = rooms.do_create_room(session=s, request=request, now=utcnow())
        s.commit()
        owner_email, guest_email, owner_id, guest_id = owner.email, guest.email, owner.id, guest.id
        owner_handle = s.get(Pseudonym, owner_id).handle

    ana = new_page(timezone_id="Europe/London")
    ana_frames = capture_frames(ana)
    sign_in(ana, owner_email, PASSWORD)
    expect(ana.locator("[data-testid=nav-rooms]").first).to_be_visible()
    ana.goto(f"/rooms/{room_id}")
    expect(ana.locator("[data-testid=room-chat]")).to_be_visible()

    ted = new_page(timezone_id="Asia/Tokyo")
    ted_frames = capture_frames(ted)
    sign_in(ted, guest_email, PASSWORD)
    expect(ted.locator("[data-testid=nav-rooms]").first).to_be_visible()
    ted.goto("/rooms")
    ted.fill("[data-testid=room-search]", "civil")
    ted.press("[data-testid=room-search]", "Enter")
    card = ted.locator("[data-testid=room-card]", has_text=f"Bridges {tag}")
    expect(card.locator("[data-testid=room-card-members]")).to_have_text("1 member")
    card.click()
    expect(ted).to_have_url(re.compile(rf"/rooms/{room_id}$"))
    ted.click("[data-testid=room-join]")
    expect(ted.locator("[data-testid=room-chat]")).to_be_visible()
    expect(ted.locator("#dm-key")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    expect(ana.locator("[data-testid=room-member-count]")).to_have_text("2 members")  # live, by a push

    expect(ana.locator("#dm-key")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    write(ana, "Welcome! Anyone modelled a cable-stayed span?")
    line = ted.locator("[data-testid=room-line]", has_text="cable-stayed")
    expect(line.locator("[data-testid=room-line-sender]")).to_have_text(owner_handle)  # live, without a reload
    write(ted, "Yes, a footbridge last year.")
    reply = ana.locator("[data-testid=room-line]", has_text="footbridge")
    expect(reply).to_have_count(1)
    with Session(app_engine) as s:
        ted_handle = s.get(Pseudonym, guest_id).handle  # made when Ted joined
    expect(reply.locator("[data-testid=room-line-sender]")).to_have_text(ted_handle)

    for page, frames in ((ana, ana_frames), (ted, ted_frames)):
        text = page.content()
        other = "Thaddeus Quillfeather" if page is ana else "Orsolya Vantablack"
        assert all(word not in text for word in other.split()), f"a real name is on the page: {other}"
        assert frames and not any(word in f for f in frames for word in other.split()), f"a real name went over the websocket: {other}"
    assert not ana.errors and not ted.errors
