"""Direct messages across two backend workers sharing PostgreSQL and Redis: the sender's worker
stores the message and pushes; the recipient's tab, and the sender's other tab, live on the other
worker and get it live."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from e2e.flows import fill_about, sign_up, wait_for_profile_page
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.messaging.models import Message
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow


def person(page: Page, first: str) -> str:
    email = f"scale-{first.lower()}-{uuid.uuid4().hex[:6]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    fill_about(page, first, "Worker", f"I'm {first}; I test distributed systems on bridges.", "Software")
    return email


def thread_ready(page: Page) -> None:
    expect(page.locator("[data-testid=thread]")).to_be_visible()
    expect(page.locator("#dm-key")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))


def test_messages_cross_workers_live_to_the_recipient_and_the_senders_other_tab(scale_stack, scale_page):
    balancer = scale_stack.balancer
    ada, ben = scale_page("a"), scale_page("b")
    ada_email, ben_email = person(ada, "Ada"), person(ben, "Ben")
    engine = sa.create_engine(scale_stack.db_url)
    try:
        with Session(engine) as s:
            ada_id = s.exec(select(User.id).where(User.email == ada_email)).one()
            ben_id = s.exec(select(User.id).where(User.email == ben_email)).one()
            relations.do_make_collaborators(session=s, a=ada_id, b=ben_id, now=utcnow())
            s.commit()

        before = dict(balancer.websockets)
        balancer.route_to("a")
        ada.goto(f"/messages/{ben_id}")
        thread_ready(ada)
        balancer.route_to("b")
        ben.goto(f"/messages/{ada_id}")
        thread_ready(ben)
        ada_list = ada.context.new_page()  # Ada's second tab, also on worker B
        ada_list.goto("/messages")
        expect(ada_list.locator("[data-testid=conversation]")).to_have_count(1)
        assert balancer.websockets["a"] > before.get("a", 0) and balancer.websockets["b"] > before.get("b", 0)

        box = ada.locator("[data-testid=message-input]")
        box.fill("Hello from worker A")
        box.press("Enter")
        expect(ben.locator("[data-testid=message-theirs] [data-testid=message-text]")).to_have_text(["Hello from worker A"])
        expect(ada_list.locator("[data-testid=conversation-preview]")).to_have_text("You: Hello from worker A")
        # Ben has the thread open (on the other worker): read at once, so no notification and "Seen".
        expect(ada.locator("[data-testid=seen-receipt]")).to_be_visible()

        reply = ben.locator("[data-testid=message-input]")
        reply.fill("Hello back from worker B")
        reply.press("Enter")
        expect(ada.locator("[data-testid=message-theirs] [data-testid=message-text]")).to_have_text(["Hello back from worker B"])
        expect(ada_list.locator("[data-testid=conversation-preview]")).to_have_text("Hello back from worker B")

        with Session(engine) as s:
            # (this pair's: the stack's database is shared by the tier, and a finished call leaves a line too)
            assert s.exec(select(sa.func.count()).select_from(Message).where(Message.sender_id.in_([ada_id, ben_id]))).one() == 2
            # Each recipient was viewing the thread on some worker: nobody was notified.
            assert s.exec(select(sa.func.count()).select_from(Notification).where(Notification.kind == "message")).one() == 0
    finally:
        engine.dispose()
