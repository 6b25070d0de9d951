"""Issue 18 (8), the minor items a newcomer saw in the browser: the 404 page, the header, the sign-up form's
stale errors, the user menu with a long e-mail, the current page in the nav, a serif "not set", city search
in another language, spot labels and travel times, and the Week view of another month."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import ready, sign_in, sign_up, wait_for_profile_page

LONDON = "Europe/London"


def box(locator) -> dict:
    return locator.bounding_box()


def test_signed_out_404_header_and_the_sign_up_form_drops_errors_that_no_longer_apply(page):
    page.goto("/no-such-page-here")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    expect(page.get_by_test_id("not-found-home")).to_have_attribute("href", "/")
    expect(page.locator("header")).to_be_visible()  # in the app's frame, with the top bar

    page.goto("/")
    sign_in_box, sign_up_box = box(page.get_by_test_id("nav-sign-in").locator("button")), box(page.get_by_test_id("nav-sign-up").locator("button"))
    assert abs(sign_in_box["y"] - sign_up_box["y"]) <= 1 and abs(sign_in_box["height"] - sign_up_box["height"]) <= 1, (sign_in_box, sign_up_box)
    assert sign_up_box["x"] - (sign_in_box["x"] + sign_in_box["width"]) >= 4  # a gap, not an overlap

    page.goto("/signup")
    ready(page, "[data-testid=signup-submit]")
    page.fill("input[name=email]", f"stale-{uuid.uuid4().hex[:8]}@example.com")
    page.fill("input[name=password]", "short")
    page.fill("input[name=birth_date]", "1990-01-01")
    page.click("[data-testid=signup-submit]")
    expect(page.get_by_test_id("error-password")).to_be_visible()
    page.fill("input[name=password]", "a much longer passphrase")
    expect(page.get_by_test_id("error-password")).to_have_count(0)


def test_a_new_member_with_a_long_email_sees_one_line_menu_current_page_and_finds_londres(new_page):
    page = new_page()
    sign_up(page, f"a-very-long-address-for-the-menu-{uuid.uuid4().hex[:8]}@example.com")
    wait_for_profile_page(page)

    menu = page.get_by_test_id("user-menu")
    expect(menu).to_be_visible()
    name = menu.locator("span").last
    assert box(menu)["height"] <= 40, box(menu)  # one line (a wrapped label doubles the height)
    assert name.evaluate("el => el.scrollWidth > el.clientWidth")  # cut with an ellipsis instead

    # "not set" is in the page's font, not a serif italic.
    not_set = page.get_by_test_id("city-current").get_by_text("not set")
    fonts = not_set.evaluate("el => [getComputedStyle(el).fontFamily, getComputedStyle(el.parentElement).fontFamily]")
    assert fonts[0] == fonts[1], fonts

    # City search in another language.
    page.fill("input[name=city]", "londres")
    expect(page.get_by_test_id("city-suggestions")).to_contain_text("London, United Kingdom")

    # The nav marks the page shown.
    page.goto("/discover")
    expect(page.get_by_test_id("nav-discover")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("nav-home")).not_to_have_attribute("aria-current", "page")
    page.goto("/meetings")
    expect(page.get_by_test_id("nav-meetings")).to_have_attribute("aria-current", "page")

    # Signed in, the 404 page leads home.
    page.goto("/nothing/here")
    expect(page.get_by_test_id("not-found-home")).to_have_attribute("href", "/home")


def test_spots_carry_their_own_town_and_believable_times_and_week_view_stays_in_the_month(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine, expire_on_commit=False) as s:
        lena = make_user(s, email=f"lena-min-{tag}@example.com", complete=True, city="London, United Kingdom", timezone=LONDON)
        cam = make_user(s, email=f"cam-min-{tag}@example.com", complete=True, city="Cambridge, United Kingdom", timezone=LONDON)
    page = new_page()
    sign_in(page, lena.email, next_path=f"/meetings/new?with={cam.id}")
    rows = page.locator("[data-testid=spot-option]")
    expect(rows.first).to_be_visible()
    knebworth = rows.filter(has_text="Knebworth")
    expect(knebworth).to_contain_text("Stevenage")
    expect(knebworth).not_to_contain_text("London")
    listing = page.locator("[data-testid=spot-list]").inner_text()
    assert not re.search(r"~\d{3} min", listing), listing  # about 40 km each: a little over an hour, not 130 min

    # The Week view opens in the month on screen. Step to a month whose 1st is not a Monday (its first week
    # would otherwise begin in the month before) and that is not this month.
    page.goto("/meetings")
    title = page.get_by_test_id("calendar-title")
    expect(title).not_to_have_text("")
    today = dt.datetime.now(ZoneInfo(LONDON)).date()
    steps, month = 1, (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    while month.weekday() == 0:
        steps, month = steps + 1, (month + dt.timedelta(days=32)).replace(day=1)
    for _ in range(steps):
        page.get_by_role("button", name="Next").click()
    expect(title).to_have_text(month.strftime("%B %Y"))
    page.get_by_role("radio", name="Week").click()
    expect(title).to_have_text(re.compile(rf"^Week of \d\d {month:%b %Y}$"))
