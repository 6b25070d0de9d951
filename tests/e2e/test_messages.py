"""Two people in two browsers message each other live: local times, unread counts, "Seen", a dropped
connection that loses nothing, and a double submit that stores one message."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from factories import make_user
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from e2e.flows import fill_about, sign_up, wait_for_profile_page
from e2e.tunnel import Tunnel
from engnest.accounts.models import User
from engnest.messaging.models import Message
from engnest.messaging.services import messages
from engnest.network.services import relations
from engnest.platform.clock import utcnow


def person(page: Page, first: str) -> str:
    """Sign up and set a name; returns the email."""
    email = f"{first.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    fill_about(page, first, "Tester", f"I'm {first}, I build test rigs for bridges and drones.", "Civil")
    return email


def user_id(engine, email: str) -> int:
    with Session(engine) as s:
        return s.exec(select(User.id).where(User.email == email)).one()


def make_collaborators(engine, a: int, b: int) -> None:
    with Session(engine) as s:
        relations.do_make_collaborators(session=s, a=a, b=b, now=utcnow())
        s.commit()


def stored(engine, body: str) -> list[Message]:
    with Session(engine) as s:
        return list(s.exec(select(Message).where(Message.body == body)).all())


def local_hhmm(engine, body: str, tz: str) -> str:
    (row,) = stored(engine, body)
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=ZoneInfo("UTC"))
    return created.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def write(page: Page, text: str) -> None:
    box = page.locator("[data-testid=message-input]")
    box.fill(text)
    box.press("Enter")


def thread_ready(page: Page) -> None:
    expect(page.locator("[data-testid=thread]")).to_be_visible()
    expect(page.locator("#dm-key")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))


@pytest.fixture
def pair(new_page, app_engine):
    """Ada in London and Ben in Tokyo, collaborators, each signed in in their own browser."""
    ada = new_page(timezone_id="Europe/London")
    ada_email = person(ada, "Ada")
    ben = new_page(timezone_id="Asia/Tokyo")
    ben_email = person(ben, "Ben")
    ada_id, ben_id = user_id(app_engine, ada_email), user_id(app_engine, ben_email)
    make_collaborators(app_engine, ada_id, ben_id)
    return ada, ben, ada_id, ben_id


def test_a_message_arrives_live_with_local_time_unread_badge_and_seen(pair, app_engine):
    ada, ben, ada_id, ben_id = pair
    ben.goto("/home")
    expect(ben.locator("[data-testid=home-greeting]")).to_be_visible()
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    expect(ada.locator("[data-testid=thread-peer-name]")).to_have_text("Ben Tester")

    write(ada, "Hi Ben! Plans for the bridge model: https://example.com/plan")
    mine = ada.locator("[data-testid=message-mine]")
    expect(mine).to_have_count(1)
    expect(ada.locator("[data-testid=message-input]")).to_have_value("")

    # Ben, on another page, gets the unread badge live; the conversation list shows the preview.
    expect(ben.locator("[data-testid=nav-badge-messages]")).to_have_text("1")
    ben.get_by_role("link", name=re.compile(r"^Messages")).first.click()
    row = ben.locator("[data-testid=conversation]").first
    expect(row.locator("[data-testid=conversation-unread]")).to_have_text("1")
    expect(row.locator("[data-testid=conversation-preview]")).to_contain_text("Plans for the bridge model")

    # Opening it shows the message at Ben's local (Tokyo) time, with the link made safe.
    row.click()
    expect(ben).to_have_url(re.compile(rf"/messages/{ada_id}$"))
    theirs = ben.locator("[data-testid=message-theirs]")
    expect(theirs).to_have_count(1)
    tokyo = local_hhmm(app_engine, "Hi Ben! Plans for the bridge model: https://example.com/plan", "Asia/Tokyo")
    expect(theirs.locator("[data-testid=message-time]")).to_have_text(tokyo)
    link = theirs.locator("a[href='https://example.com/plan']")
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow ugc")
    expect(link).to_have_attribute("target", "_blank")
    expect(ben.locator("[data-testid=nav-badge-messages]")).to_have_count(0)

    # Ada sees "Seen" once Ben has the thread open; her own copy shows London time.
    expect(mine.locator("[data-testid=message-time]")).to_have_text(
        local_hhmm(app_engine, "Hi Ben! Plans for the bridge model: https://example.com/plan", "Europe/London")
    )
    expect(ada.locator("[data-testid=seen-receipt]")).to_be_visible()

    # Ben types: Ada sees the hint; Ben replies with two lines (Shift+Enter), Ada gets it live.
    thread_ready(ben)
    box = ben.locator("[data-testid=message-input]")
    box.press_sequentially("Sounds good")
    expect(ada.locator("[data-testid=typing-indicator]")).to_contain_text("Ben Tester is typing")
    box.press("Shift+Enter")
    box.press_sequentially("See you Friday")
    box.press("Enter")
    reply = ada.locator("[data-testid=message-theirs]")
    expect(reply).to_have_count(1)
    expect(reply.locator("[data-testid=message-text]")).to_have_text("Sounds good\nSee you Friday")
    expect(ada.locator("[data-testid=typing-indicator]")).to_have_count(0)
    # Ada is looking at the thread: it is read at once, so Ben sees "Seen" and Ada has no badge.
    expect(ben.locator("[data-testid=seen-receipt]")).to_be_visible()
    expect(ada.locator("[data-testid=nav-badge-messages]")).to_have_count(0)
    assert len(stored(app_engine, "Sounds good\nSee you Friday")) == 1
    assert ada.errors == [] and ben.errors == []


def test_a_reader_who_lost_the_connection_gets_every_missed_message_exactly_once(pair, app_engine):
    ada, ben, ada_id, ben_id = pair
    tunnel = Tunnel(ada)
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    ben.goto(f"/messages/{ada_id}")
    thread_ready(ben)
    write(ben, "before the tunnel")
    theirs = ada.locator("[data-testid=message-theirs] [data-testid=message-text]")
    expect(theirs).to_have_text(["before the tunnel"])

    tunnel.enter()  # Ada goes offline: her websocket drops and cannot reconnect
    write(ben, "missed one")
    expect(ben.locator("[data-testid=message-mine]")).to_have_count(2)
    write(ben, "missed two")
    expect(ben.locator("[data-testid=message-mine]")).to_have_count(3)
    assert len(stored(app_engine, "missed one")) == 1 and len(stored(app_engine, "missed two")) == 1  # sent and stored
    expect(theirs).to_have_count(1)

    tunnel.leave()  # back online: the page reconnects and reloads the thread from the database
    expect(theirs).to_have_text(["before the tunnel", "missed one", "missed two"], timeout=30_000)
    write(ben, "after the reconnect")  # a late duplicate of a missed one would arrive before this
    expect(theirs).to_have_text(["before the tunnel", "missed one", "missed two", "after the reconnect"])
    expect(ben.locator("[data-testid=seen-receipt]")).to_be_visible()
    assert ada.errors == []


def test_a_double_submitted_message_is_stored_and_shown_once(pair, app_engine):
    ada, ben, ada_id, ben_id = pair
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)

    ada.locator("[data-testid=message-input]").fill("double click")
    ada.locator("[data-testid=send-message]").dblclick()
    ada.locator("[data-testid=message-input]").fill("two submits in one tick")
    ada.evaluate("() => { const f = document.querySelector('[data-testid=composer]'); f.requestSubmit(); f.requestSubmit(); }")

    mine = ada.locator("[data-testid=message-mine] [data-testid=message-text]")
    expect(mine).to_have_text(["double click", "two submits in one tick"])
    write(ada, "a third one")  # a late duplicate of either submit would be handled before this message
    expect(mine).to_have_text(["double click", "two submits in one tick", "a third one"])
    assert len(stored(app_engine, "double click")) == 1
    assert len(stored(app_engine, "two submits in one tick")) == 1
    with Session(app_engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Message).where(Message.sender_id == ada_id)).one() == 3


def test_a_stranger_gets_a_clear_refusal_instead_of_a_thread(new_page, app_engine):
    eve = new_page()
    eve_id = user_id(app_engine, person(eve, "Eve"))
    other = new_page()
    other_id = user_id(app_engine, person(other, "Otto"))
    # Eve is signed in and may write to a collaborator of hers.
    with Session(app_engine, expire_on_commit=False) as s:
        fay = make_user(s, email=f"fay-{uuid.uuid4().hex[:8]}@example.com", complete=True, first_name="Fay")
    make_collaborators(app_engine, eve_id, fay.id)
    eve.goto(f"/messages/{fay.id}")
    expect(eve.locator("[data-testid=message-input]")).to_be_visible()
    eve.goto(f"/messages/{other_id}")
    expect(eve.locator("[data-testid=thread-refused]")).to_contain_text("once a meeting between you has been accepted")
    expect(eve.locator("[data-testid=message-input]")).to_have_count(0)


def scroll_gap(page: Page) -> float:
    """Pixels between the bottom of the visible history and its end (0: at the newest message)."""
    return page.evaluate("() => { const b = document.getElementById('dm-scroll'); return b.scrollHeight - b.scrollTop - b.clientHeight; }")


def test_history_loads_older_pages_on_scrolling_up_and_new_messages_wait_behind_a_pill(pair, app_engine):
    ada, ben, ada_id, ben_id = pair
    start = utcnow() - dt.timedelta(days=2)
    with Session(app_engine) as s:
        conversation_id = messages.open_direct(session=s, me=ada_id, peer=ben_id, now=start)
        for i in range(45):
            sender = ben_id if i % 2 else ada_id
            s.add(Message(conversation_id=conversation_id, sender_id=sender, body=f"history {i}", client_key=str(uuid.uuid4()),
                          created_at=start + dt.timedelta(minutes=40 * i)))
        s.commit()
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    texts = ada.locator("#dm-list [data-testid=message-text]")
    expect(texts).to_have_count(30)
    expect(texts.last).to_have_text("history 44")
    expect(ada.locator("[data-testid=day-separator]").first).to_be_visible()
    ada.wait_for_function("() => { const b = document.getElementById('dm-scroll'); return b.scrollHeight - b.scrollTop - b.clientHeight < 5; }")

    # Scrolling to the top loads the older page above, keeping the reader's place.
    reading = ada.locator("#dm-list > div").first
    ada.evaluate("() => { document.getElementById('dm-scroll').scrollTop = 0; }")
    expect(texts).to_have_count(45)
    expect(texts.first).to_have_text("history 0")
    expect(ada.locator("[data-testid=load-older]")).to_have_count(0)
    # The position is restored in the next animation frame after React renders the older page.
    ada.wait_for_function("() => document.getElementById('dm-scroll').scrollTop > 0")
    expect(reading).to_be_visible()

    # A new message while Ada reads history: no jump, a pill instead; it is not "Seen" yet.
    ben.goto(f"/messages/{ada_id}")
    thread_ready(ben)
    gap_before = scroll_gap(ada)
    write(ben, "new while you scroll")
    expect(texts).to_have_count(46)
    pill = ada.locator("[data-testid=new-messages-pill]")
    expect(pill).to_be_visible()
    assert scroll_gap(ada) > gap_before
    # Ada's tab handles another message while she reads history: still not "Seen".
    write(ben, "and another one")
    expect(texts).to_have_count(47)
    expect(pill).to_be_visible()
    newest = ben.locator("[data-testid=message-mine]").last
    expect(newest.locator("[data-testid=message-text]")).to_have_text("and another one")
    expect(newest.locator("[data-testid=seen-receipt]")).to_have_count(0)

    pill.click()
    expect(pill).to_be_hidden()
    ada.wait_for_function("() => { const b = document.getElementById('dm-scroll'); return b.scrollHeight - b.scrollTop - b.clientHeight < 5; }")
    expect(newest.locator("[data-testid=seen-receipt]")).to_be_visible()
