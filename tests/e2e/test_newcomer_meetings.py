"""Issue 18, meeting forms: "Look near…" must not destroy the request (3), a counter-proposal says what the time
is for the other person and both forms warn about night-time and closed places (6), and the minor items
seen on these pages (message length, "Meet online instead", the licence block once, radio spacing)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in

LA, LONDON, NEW_YORK = "America/Los_Angeles", "Europe/London", "America/New_York"


def arrange(engine, **cities):
    """Complete profiles: name -> (city, timezone)."""
    tag = uuid.uuid4().hex[:6]
    with Session(engine, expire_on_commit=False) as s:
        return {
            name: make_user(s, email=f"{name}-{tag}@example.com", complete=True, first_name=name.title(), city=city, timezone=tz)
            for name, (city, tz) in cities.items()
        }


def test_look_near_keeps_the_request_and_both_forms_say_what_the_time_is_for_them(new_page, app_engine):
    people = arrange(app_engine, lena=("London, United Kingdom", LA), cam=("Cambridge, United Kingdom", LONDON))
    lena, cam = people["lena"], people["cam"]
    pa = new_page(timezone_id=LA, locale="en-US")
    sign_in(pa, lena.email, next_path=f"/meetings/new?with={cam.id}")
    expect(pa.locator("[data-testid=spot-option]").first).to_be_visible()
    day = (dt.datetime.now(ZoneInfo(LA)) + dt.timedelta(days=9)).date()
    pa.fill("input[name=date]", day.isoformat())
    pa.fill("input[name=time]", "17:00")
    pa.fill("textarea[name=message]", "Shall we look at your test rig?")

    # "Look near…" with Enter: the spots move, nothing else changes (no reload, nothing lost, nothing sent).
    near = pa.get_by_placeholder("Or look near… (a city or district)")
    near.fill("Stevenage")
    near.press("Enter")
    expect(pa.locator("[data-testid=spot-list]")).to_contain_text("Stevenage")
    assert "near=" not in pa.url and re.search(rf"/meetings/new/?\?with={cam.id}$", pa.url)
    expect(pa.locator("textarea[name=message]")).to_have_value("Shall we look at your test rig?")
    expect(pa.locator("input[name=time]")).to_have_value("17:00")
    expect(pa.locator("[data-testid=request-with]")).to_be_visible()

    # 17:00 in Los Angeles is 01:00 in London: said, and warned about, before sending.
    expect(pa.locator("[data-testid=their-time]")).to_contain_text("01:00")
    warnings = pa.locator("[data-testid=time-warning]")
    expect(warnings.first).to_contain_text("for them: at night")
    expect(warnings.last).to_contain_text("no opening hours")

    # A 5,000-character message is refused with its real length.
    pa.fill("textarea[name=message]", "x" * 5000)
    pa.click("[data-testid=send-request]")
    expect(pa.locator("[data-testid=error-message]")).to_contain_text("(it has 5,000)")
    pa.fill("textarea[name=message]", "Shall we look at your test rig?")
    pa.fill("input[name=time]", "09:00")  # 17:00 in London
    expect(warnings).to_have_count(0)
    pa.click("[data-testid=send-request]")
    expect(pa).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_url = pa.url

    # The other person's counter-proposal form has the same line and warnings, and the licence block once.
    pb = new_page(timezone_id=LONDON)
    sign_in(pb, cam.email, next_path=urlsplit(meeting_url).path)
    pb.click("[data-testid=open-counter]")
    panel = pb.locator("[data-testid=counter-panel]")
    expect(panel.locator("[data-testid=their-time]")).to_contain_text("for them")
    panel.locator("input[name=time]").fill("06:00")  # 22:00 the evening before in Los Angeles
    expect(panel.locator("[data-testid=their-time]")).to_contain_text("22:00")
    expect(panel.locator("[data-testid=time-warning]").first).to_contain_text("at night")
    expect(pb.locator("[data-testid=places-attribution]")).to_have_count(1)

    # "Look near…" inside the counter panel does not send the proposal either.
    panel.get_by_placeholder("Or look near… (a city or district)").fill("Hertford")
    panel.get_by_placeholder("Or look near… (a city or district)").press("Enter")
    expect(panel.locator("[data-testid=spot-list]")).to_contain_text("Hertford")
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Pending")
    panel.locator("input[name=time]").fill("16:00")  # 08:00 in Los Angeles
    expect(panel.locator("[data-testid=time-warning]")).to_have_count(0)
    pb.click("[data-testid=send-counter]")
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Counter-proposed")
    assert pa.errors == [] and pb.errors == []


def test_too_far_apart_offers_a_button_to_meet_online_and_the_kind_radios_are_spaced(new_page, app_engine):
    people = arrange(app_engine, uma=("Cambridge, United Kingdom", LONDON), nate=("New York City, New York, United States", NEW_YORK))
    page = new_page()
    sign_in(page, people["uma"].email, next_path=f"/meetings/new?with={people['nate'].id}")
    problem = page.locator("[data-testid=spot-problem]")
    expect(problem).to_contain_text("Meet online instead")
    problem.get_by_role("button", name="Meet online instead").click()
    expect(page.get_by_role("radio", name="Online")).to_be_checked()
    expect(page.get_by_text("Online meetings use one credit")).to_be_visible()
    expect(page.locator("[data-testid=spot-list]")).to_have_count(0)

    # Each radio has room between it and its text, and between the options.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=meeting-kind] label')].map(l => {
              const r = l.querySelector('button[role=radio]').getBoundingClientRect();
              const tr = l.querySelector('span').getBoundingClientRect(); const lr = l.getBoundingClientRect();
              return {radioRight: r.right, textLeft: tr.left, left: lr.left, right: lr.right}; })"""
    )
    assert len(boxes) == 2
    for box in boxes:
        assert box["textLeft"] - box["radioRight"] >= 6, boxes
    assert boxes[1]["left"] - boxes[0]["right"] >= 16, boxes
