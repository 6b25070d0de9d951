"""Presence across workers: a friend's dot turns on within 5 s when they open EngNest through the other
worker, and turns off within 30 s of their last tab closing (the sweep may run on either worker)."""

from __future__ import annotations

import re
import time
import uuid

from e2e.flows import sign_in
from factories import NOW, PASSWORD, make_user
from playwright.sync_api import expect
from sqlmodel import Session

from engnest.network.services import friends
from engnest.platform.db import make_engine


def _friends(db_url: str) -> tuple[str, str]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        ada = make_user(session, complete=True, email=f"ada-{uuid.uuid4().hex[:6]}@example.com", city="Leeds, United Kingdom")
        bo = make_user(session, complete=True, email=f"bo-{uuid.uuid4().hex[:6]}@example.com")
        friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
        friends.accept(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
        session.commit()
        emails = (ada.email, bo.email)
    engine.dispose()
    return emails


def test_a_friends_dot_follows_their_tabs_on_the_other_worker(scale_stack, scale_page):
    ada_email, bo_email = _friends(scale_stack.db_url)
    before = dict(scale_stack.balancer.websockets)

    bo = scale_page("b")
    sign_in(bo, bo_email, PASSWORD, next_path="/friends")
    expect(bo).to_have_url(re.compile(r"/friends/?$"))
    dot = bo.locator("[data-testid=friends-list] [data-testid=online-dot]")
    expect(dot).to_have_attribute("data-online", "no")

    ada = scale_page("a")
    sign_in(ada, ada_email, PASSWORD)
    expect(ada).to_have_url(re.compile(r"/home/?$"))
    opened = time.monotonic()
    expect(dot).to_have_attribute("data-online", "yes")
    assert time.monotonic() - opened <= 5
    assert scale_stack.balancer.websockets["a"] > before.get("a", 0)
    assert scale_stack.balancer.websockets["b"] > before.get("b", 0)

    second = ada.context.new_page()  # a second tab, through worker B this time (several tabs: see tests/state)
    scale_stack.balancer.route_to("b")
    second.goto("/discover")
    expect(second.locator("[data-testid=result-count]")).to_be_visible()
    expect(dot).to_have_attribute("data-online", "yes")

    ada.context.close()  # both tabs
    closed = time.monotonic()
    expect(dot).to_have_attribute("data-online", "no", timeout=60_000)  # TTL + sweep is 28 s; the rest is a loaded machine
    assert time.monotonic() - closed <= 30
    expect(bo.locator("[data-testid=friends-list] [data-testid=card-facts]")).to_contain_text("last seen")

