"""Home as a dashboard: a signed-in engineer sees their next meeting with its countdown and directions, the
request waiting for their answer, an unread conversation, their profile checklist and people to meet.
With DOCS_SCREENSHOTS=1 it also saves docs/img/dashboard.png."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from dm_support import send
from factories import make_user
from meeting_support import request, spot_ids
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in
from engnest.meetings.services import meeting_actions
from engnest.platform.clock import utcnow

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def arrange(engine):
    tag = uuid.uuid4().hex[:6]
    now = utcnow().replace(second=0, microsecond=0)
    with Session(engine, expire_on_commit=False) as s:
        me = make_user(s, email=f"dash-me-{tag}@example.com", complete=True, first_name="Mina", last_name="Sato", creator=True, city="London, United Kingdom")
        friend = make_user(s, email=f"dash-fay-{tag}@example.com", complete=True, first_name="Fay", last_name="Kato", city="Reading, United Kingdom")
        asker = make_user(s, email=f"dash-obi-{tag}@example.com", complete=True, first_name="Obi", city="Oxford, United Kingdom", discipline="electrical")
        make_user(s, email=f"dash-sol-{tag}@example.com", complete=True, first_name="Sol", city="London, United Kingdom", skills=("FEA", "CAD"), creator=True)
        library = spot_ids(s, me, friend, kinds=("library",))[0]  # the bundled English places are libraries
        soon = request(s, me, friend, days=3, hour=17, spot=library, now=now)
        meeting_actions.accept(session=s, meeting_id=soon.id, user_id=friend.id, now=now)
        s.commit()  # services never commit: the arranging test is the outermost caller
        waiting = request(s, asker, me, days=6, hour=11, spot=spot_ids(s, asker, me, kinds=("library",))[0], now=now)
        send(s, friend, me, "See you at the café, I'll bring the strain gauges.", now=now)
        return me, waiting


def test_home_shows_each_dashboard_block_with_real_data(page, app_engine):
    me, waiting = arrange(app_engine)
    sign_in(page, me.email)
    expect(page.get_by_test_id("home-greeting")).to_contain_text("Mina")

    nxt = page.get_by_test_id("dash-next")
    expect(nxt.get_by_test_id("dash-next-who")).to_contain_text("Fay Kato")
    expect(nxt.get_by_test_id("dash-countdown")).to_have_text(re.compile(r"^in [23] days( \d{1,2} h)?$"))
    directions = nxt.get_by_test_id("dash-directions")
    expect(directions).to_be_visible()
    assert directions.get_attribute("href").startswith("https://www.openstreetmap.org/directions?to=")

    item = page.get_by_test_id("dash-waiting-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("New request")
    expect(item.get_by_role("link")).to_have_attribute("href", f"/meetings/{waiting.id}")

    unread = page.get_by_test_id("dash-unread-item")
    expect(unread).to_have_count(1)
    expect(unread).to_contain_text("Fay Kato")
    expect(unread).to_contain_text("1 new")

    expect(page.get_by_test_id("profile-complete")).to_be_visible()
    expect(page.get_by_test_id("card-title").first).to_be_visible()  # people to meet

    if os.environ.get("DOCS_SCREENSHOTS"):
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / "dashboard.png"), full_page=True)
