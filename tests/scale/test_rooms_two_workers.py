"""A room across two backend workers sharing PostgreSQL and Redis (issue 13): a member on worker A writes in the
room, a member on worker B sees it live, replies quoting it, and reacts; each sees the other under a pseudonym."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from e2e.flows import fill_about, sign_up, wait_for_profile_page
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.community.models import MessageReaction, MessageReply, Pseudonym
from engnest.community.services import rooms
from engnest.messaging.models import Message
from engnest.platform.clock import utcnow


def person(page: Page, first: str, last: str) -> str:
    email = f"scale-room-{first.lower()}-{uuid.uuid4().hex[:6]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    fill_about(page, first, last, f"I'm {first}; I design bridges and test them in the field.", "Civil")
    return email


def room_ready(page: Page) -> None:
    expect(page.locator("[data-testid=room-chat]")).to_be_visible()
    expect(page.locator("#dm-key")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))


def test_a_room_message_reaches_a_member_on_the_other_worker_with_its_reply_and_reaction(scale_stack, scale_page):
    balancer = scale_stack.balancer
    ada, ben = scale_page("a"), scale_page("b")
    ada_email, ben_email = person(ada, "Adaline", "Quarrington"), person(ben, "Benedikt", "Ostrowski")
    engine = sa.create_engine(scale_stack.db_url)
    try:
        with Session(engine) as s:
            ada_id = s.exec(select(User.id).where(User.email == ada_email)).one()
            ben_id = s.exec(select(User.id).where(User.email == ben_email)).one()
            request = rooms.check_create_room(session=s, owner_id=ada_id, name="Bridges", topic="", tags="civil", visibility="public")
            room_id = rooms.do_create_room(session=s, request=request, now=utcnow())
            rooms.do_join(session=s, request=rooms.check_join(session=s, user_id=ben_id, room_id=room_id), now=utcnow())
            s.commit()
            ada_handle = s.get(Pseudonym, ada_id).handle
            ben_handle = s.get(Pseudonym, ben_id).handle

        before = dict(balancer.websockets)
        balancer.route_to("a")
        ada.goto(f"/rooms/{room_id}")
        room_ready(ada)
        balancer.route_to("b")
        ben.goto(f"/rooms/{room_id}")
        room_ready(ben)
        assert balancer.websockets["a"] > before.get("a", 0) and balancer.websockets["b"] > before.get("b", 0)

        box = ada.locator("[data-testid=message-input]")
        box.fill("Deck load test at 9, from worker A")
        box.press("Enter")
        line = ben.locator("[data-testid=room-line]").filter(has_text="Deck load test at 9")
        expect(line).to_be_visible()
        expect(line.locator("[data-testid=room-line-sender]")).to_have_text(ada_handle)

        line.locator("[data-testid=room-reply]").click()
        expect(ben.locator("[data-testid=room-replying]")).to_contain_text("Deck load test")
        reply = ben.locator("[data-testid=message-input]")
        reply.fill("I'll bring the strain gauges")
        reply.press("Enter")
        answer = ada.locator("[data-testid=room-line]").filter(has_text="strain gauges")
        expect(answer.locator("[data-testid=room-line-sender]")).to_have_text(ben_handle)
        expect(answer.locator("[data-testid=room-line-quote]")).to_contain_text("Deck load test")

        answer.locator("[data-testid=room-react]").click()
        ada.locator("[data-testid=room-react-pick]").first.click()
        expect(ben.locator("[data-testid=room-line]").filter(has_text="strain gauges").locator("[data-testid=room-reaction]")).to_contain_text("1")
        for page, other in ((ada, "Ostrowski"), (ben, "Quarrington")):  # each sees only the other's pseudonym
            assert other not in page.content()

        with Session(engine) as s:
            # (this pair's: the tier's database is shared with the other scale tests)
            assert s.exec(select(sa.func.count()).select_from(Message).where(Message.sender_id.in_([ada_id, ben_id]))).one() == 2
            assert s.exec(select(sa.func.count()).select_from(MessageReply)).one() == 1
            assert s.exec(select(sa.func.count()).select_from(MessageReaction)).one() == 1
    finally:
        engine.dispose()
