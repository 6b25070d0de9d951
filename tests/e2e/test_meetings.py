"""Two engineers in different timezones agree on a meeting at a halfway café, through the real app."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
from factories import make_user
from meeting_support import request
from playwright.sync_api import Page, expect
from sqlmodel import Session

from e2e.flows import sign_in
from engnest.billing.services import credits
from engnest.platform.clock import utcnow

TOKYO, LOS_ANGELES = "Asia/Tokyo", "America/Los_Angeles"
WHEN = "%a %d %b %Y, %H:%M"


def local_text(instant: dt.datetime, tz: str) -> str:
    local = instant.astimezone(ZoneInfo(tz))
    return f"{local.strftime(WHEN)} {local.tzname()}"


def arrange_pair(engine, tag: str):
    with Session(engine, expire_on_commit=False) as s:
        a = make_user(s, email=f"aiko-{tag}@example.com", complete=True, first_name="Aiko", last_name="Tanaka",
                      city="Tokyo, Japan", timezone=TOKYO, pitch="I build quiet drones for mapping rice fields.")
        b = make_user(s, email=f"ben-{tag}@example.com", complete=True, first_name="Ben", last_name="Hughes",
                      city="Yokohama, Japan", timezone=LOS_ANGELES, discipline="electrical", pitch="Power electronics for small boats.")
        return a, b


def go_to_month(page: Page, local: dt.datetime) -> None:
    page.goto("/meetings")
    title = page.locator("[data-testid=calendar-title]")
    expect(title).not_to_have_text("")
    for _ in range(14):
        shown = title.inner_text()
        if shown == local.strftime("%B %Y"):
            return
        page.get_by_role("button", name="Next").click()
        expect(title).not_to_have_text(shown)  # the next month is shown
    raise AssertionError(f"calendar never showed {local:%B %Y}")


def calendar_item_on(page: Page, local: dt.datetime):
    return page.locator(f"[data-testid=calendar-day][data-date='{local.date().isoformat()}'] [data-testid=calendar-item]")


def test_request_counter_accept_across_timezones_then_calendars_and_ics_agree(new_page, app_engine):
    a, b = arrange_pair(app_engine, "flow")
    now_tokyo = dt.datetime.now(ZoneInfo(TOKYO))
    day = (now_tokyo + dt.timedelta(days=20)).date()
    start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=ZoneInfo(TOKYO))  # A types 10:00 in Tokyo

    # A asks B to meet at a café the picker proposes halfway between Tokyo and Yokohama.
    pa = new_page(timezone_id=TOKYO, locale="en-GB")
    sign_in(pa, a.email, next_path=f"/meetings/new?with={b.id}")
    expect(pa.locator("[data-testid=request-with]")).to_contain_text("Electrical engineer near Yokohama")
    pa.click("[data-testid=spot-kind]")
    pa.get_by_role("option", name="Cafés", exact=True).click()
    expect(pa.get_by_role("listbox")).to_have_count(0)  # closed (an open list takes the next click to close itself)
    options = pa.locator("[data-testid=spot-option]")
    expect(options.nth(4)).to_be_visible()  # at least five proposals
    assert options.count() >= 5 and all("Café" in options.nth(i).inner_text() for i in range(options.count()))
    expect(pa.locator("path.spot-marker")).to_have_count(options.count())  # on the map, without tiles
    cafe = options.nth(1).locator("[data-testid=spot-name]").inner_text()
    options.nth(1).click()
    expect(pa.locator("path.spot-marker-selected")).to_have_count(1)
    pa.fill("input[name=date]", day.isoformat())
    pa.fill("input[name=time]", "10:00")
    expect(pa.locator("[data-testid=their-time]")).to_contain_text(local_text(start, LOS_ANGELES))
    pa.fill("textarea[name=message]", "Coffee and drones?")
    pa.click("[data-testid=send-request]")
    expect(pa).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_url = pa.url
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Pending")
    expect(pa.locator("[data-testid=meeting-when]")).to_contain_text(local_text(start, TOKYO))

    # B, in Los Angeles, sees the request in B's own local time, with A anonymised.
    pb = new_page(timezone_id=LOS_ANGELES, locale="en-US")
    sign_in(pb, b.email, next_path="/meetings")
    upcoming = pb.locator("[data-testid=upcoming-item]").first
    expect(upcoming).to_contain_text(local_text(start, LOS_ANGELES))
    upcoming.click()
    expect(pb.locator("[data-testid=meeting-when]")).to_contain_text(local_text(start, LOS_ANGELES))
    expect(pb.locator("[data-testid=meeting-spot]")).to_contain_text(cafe)
    expect(pb.locator("[data-testid=other-anonymous]")).to_contain_text("Mechanical engineer near Tokyo")
    assert "Aiko" not in pb.content() and "Tanaka" not in pb.content()

    # B proposes another time, typed in Los Angeles time.
    new_local = start.astimezone(ZoneInfo(LOS_ANGELES)).replace(hour=18, minute=30)
    pb.click("[data-testid=open-counter]")
    pb.fill("[data-testid=counter-panel] input[name=date]", new_local.date().isoformat())
    pb.fill("[data-testid=counter-panel] input[name=time]", "18:30")
    pb.click("[data-testid=send-counter]")
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Counter-proposed")

    # A's open page follows live, in Tokyo time; A accepts.
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Counter-proposed")
    expect(pa.locator("[data-testid=meeting-when]")).to_contain_text(local_text(new_local, TOKYO))
    pa.click("[data-testid=accept]")
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Accepted")

    # Collaborators now: each sees the other's full name and profile.
    expect(pa.locator("[data-testid=other-name]")).to_have_text("Ben Hughes")
    expect(pa.locator("[data-testid=other-pitch]")).to_contain_text("Power electronics")
    pb.goto(meeting_url)
    expect(pb.locator("[data-testid=other-name]")).to_have_text("Aiko Tanaka")
    expect(pb.locator("[data-testid=other-pitch]")).to_contain_text("rice fields")

    # On both calendars, on each person's local day and time.
    for page, tz in ((pa, TOKYO), (pb, LOS_ANGELES)):
        local = new_local.astimezone(ZoneInfo(tz))
        go_to_month(page, local)
        item = calendar_item_on(page, local)
        expect(item).to_contain_text(local.strftime("%H:%M"))
        assert item.get_attribute("data-status") == "accepted"

    # The .ics imports with the agreed instant in UTC.
    for page in (pa, pb):
        response = page.request.get(meeting_url.replace("/meetings/", "/calendar/meeting/") + ".ics")
        assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
        [event] = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
        assert event.decoded("dtstart") == new_local.astimezone(dt.timezone.utc)
        assert str(event["status"]) == "CONFIRMED"

    # Accepted, then moved: A proposes a day later at 19:00 Tokyo time; the agreed time holds until B,
    # whose page shows the proposal live, accepts it. Both pages then show the new time in their zones.
    moved = (new_local.astimezone(ZoneInfo(TOKYO)) + dt.timedelta(days=1)).replace(hour=19, minute=0)
    pa.goto(meeting_url)
    pb.goto(meeting_url)
    expect(pb.locator("[data-testid=meeting-status]")).to_have_text("Accepted")
    pa.click("[data-testid=open-change]")
    pa.fill("[data-testid=change-panel] input[name=date]", moved.date().isoformat())
    pa.fill("[data-testid=change-panel] input[name=time]", "19:00")
    pa.click("[data-testid=send-change]")
    expect(pa.locator("[data-testid=pending-change]")).to_contain_text("You proposed to move it")
    expect(pa.locator("[data-testid=meeting-status]")).to_have_text("Accepted")
    expect(pb.locator("[data-testid=pending-change]")).to_contain_text(local_text(moved, LOS_ANGELES))
    expect(pb.locator("[data-testid=meeting-when]")).to_contain_text(local_text(new_local, LOS_ANGELES))
    pb.click("[data-testid=accept-change]")
    expect(pb.locator("[data-testid=pending-change]")).to_have_count(0)
    expect(pb.locator("[data-testid=meeting-when]")).to_contain_text(local_text(moved, LOS_ANGELES))
    expect(pa.locator("[data-testid=meeting-when]")).to_contain_text(local_text(moved, TOKYO))
    [event] = icalendar.Calendar.from_ical(pa.request.get(meeting_url.replace("/meetings/", "/calendar/meeting/") + ".ics").body()).walk("VEVENT")
    assert event.decoded("dtstart") == moved.astimezone(dt.timezone.utc)
    assert pa.errors == [] and pb.errors == []


def test_bad_input_is_shown_beside_the_field_and_a_stranger_cannot_open_the_meeting(new_page, app_engine):
    a, b = arrange_pair(app_engine, "bad")
    with Session(app_engine, expire_on_commit=False) as s:
        eve = make_user(s, email="eve-bad@example.com", complete=True, city="Tokyo, Japan", timezone=TOKYO)
    pa = new_page(timezone_id=TOKYO)
    sign_in(pa, a.email, next_path=f"/meetings/new?with={b.id}")
    expect(pa.locator("[data-testid=spot-option]").first).to_be_visible()
    yesterday = (dt.datetime.now(ZoneInfo(TOKYO)) - dt.timedelta(days=1)).date()
    pa.fill("input[name=date]", yesterday.isoformat())
    pa.click("[data-testid=send-request]")
    expect(pa.locator("[data-testid=error-start]")).to_contain_text("already passed")
    pa.fill("input[name=date]", (yesterday + dt.timedelta(days=10)).isoformat())
    pa.click("[data-testid=send-request]")
    expect(pa).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_url = pa.url

    pe = new_page(timezone_id=TOKYO)
    sign_in(pe, eve.email)
    expect(pe).to_have_url(re.compile(r"/home/?$"))
    # Eve is signed in, and opens a meeting of her own and its calendar file.
    with Session(app_engine) as s:
        own_id = request(s, eve, b, now=utcnow()).id
    pe.goto(f"/meetings/{own_id}")
    expect(pe.locator("[data-testid=meeting-when]")).to_be_visible()
    assert pe.request.get(f"/calendar/meeting/{own_id}.ics").status == 200
    pe.goto(meeting_url)
    expect(pe.locator("[data-testid=meeting-not-found]")).to_be_visible()
    assert pe.request.get(meeting_url.replace("/meetings/", "/calendar/meeting/") + ".ics").status == 404


def test_buying_credits_with_the_dev_provider_then_an_online_request_reserves_one(new_page, app_engine):
    a, b = arrange_pair(app_engine, "credits")
    pa = new_page(timezone_id=TOKYO)
    sign_in(pa, a.email, next_path="/credits")
    expect(pa.locator("[data-testid=credit-balance]")).to_have_text("0")
    pa.click("[data-testid=buy-five]")
    expect(pa).to_have_url(re.compile(r"/credits/?\?paid=1"))
    expect(pa.locator("[data-testid=credit-balance]")).to_have_text("5")
    pa.goto(f"/meetings/new?with={b.id}")
    pa.locator("[data-testid=meeting-kind]").get_by_text("Online").click()
    expect(pa.get_by_text("Online meetings use one credit")).to_be_visible()
    pa.fill("input[name=date]", (dt.datetime.now(ZoneInfo(TOKYO)) + dt.timedelta(days=5)).date().isoformat())
    pa.click("[data-testid=send-request]")
    expect(pa).to_have_url(re.compile(r"/meetings/\d+$"))
    pa.goto("/credits")
    expect(pa.locator("[data-testid=credit-balance]")).to_have_text("4")
    expect(pa.locator("[data-testid=credit-entry]").first).to_contain_text("Reserved for an online request")
    with Session(app_engine) as s:
        assert credits.balance(session=s, user_id=a.id) == 4
