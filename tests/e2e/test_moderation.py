"""A report handled by a moderator (issue 13): a member reports a spam line from the room, the owner finds it in
/moderation and removes it, and the line leaves the reporter's open room without a reload."""

from __future__ import annotations

import uuid

from factories import PASSWORD, make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in
from engnest.community.services import room_chat, rooms
from engnest.platform.clock import utcnow

SPAM = "Cheap certified CAD courses, DM me"


def test_a_member_reports_a_line_and_the_owner_removes_it_from_the_queue(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine) as s:
        owner, reporter, spammer = (make_user(s, complete=True, email=f"{who}-{tag}@example.com") for who in ("owner", "reporter", "spammer"))
        now = utcnow()
        room_id = rooms.do_create_room(session=s, request=rooms.check_create_room(
            session=s, owner_id=owner.id, name=f"Gears {tag}", topic="", tags="gears", visibility="public"), now=now)
        for who in (reporter, spammer):
            rooms.do_join(session=s, request=rooms.check_join(session=s, user_id=who.id, room_id=room_id), now=now)
        room_chat.do_send(session=s, request=room_chat.check_send(
            session=s, sender_id=spammer.id, room_id=room_id, body=SPAM, client_key=str(uuid.uuid4()), now=now), now=now)
        s.commit()
        owner_email, reporter_email = owner.email, reporter.email

    mo = new_page()
    sign_in(mo, owner_email, PASSWORD)
    expect(mo.locator("[data-testid=nav-rooms]").first).to_be_visible()  # signed in before going on
    mo.goto("/moderation")
    expect(mo.locator("[data-testid=moderation-empty]")).to_be_visible()

    rita = new_page()
    sign_in(rita, reporter_email, PASSWORD)
    expect(rita.locator("[data-testid=nav-rooms]").first).to_be_visible()
    rita.goto(f"/rooms/{room_id}")
    line = rita.locator("[data-testid=room-line]", has_text=SPAM)
    line.locator("[data-testid=room-report-message]").click()
    rita.locator("[data-testid=report-reason]").click()
    rita.get_by_role("option", name="Spam or advertising").click()
    expect(rita.get_by_role("listbox")).to_have_count(0)  # closed, so the next click is not lost on it
    rita.fill("[data-testid=report-note]", "Third time today")
    rita.click("[data-testid=report-send]")
    expect(rita.get_by_text("The moderators will look at it")).to_be_visible()

    item = mo.locator("[data-testid=moderation-report]")  # live, by a push to the owner's open queue
    expect(item.locator("[data-testid=moderation-excerpt]")).to_have_text(SPAM)
    item.locator("[data-testid=moderation-action]").click()
    mo.get_by_role("option", name="Remove the content").click()
    expect(mo.get_by_role("listbox")).to_have_count(0)
    item.locator("[data-testid=moderation-apply]").click()
    expect(mo.locator("[data-testid=moderation-empty]")).to_be_visible()
    expect(mo.locator("[data-testid=audit-row]")).to_have_count(0)  # the audit is for site admins
    expect(line).to_have_count(0)  # gone from the reporter's open room, live
    mo.goto(f"/rooms/{room_id}")  # the spammer is still a member: removing a line is not a ban
    expect(mo.locator("[data-testid=room-member-count]")).to_have_text("3 members")
    assert not mo.errors and not rita.errors
