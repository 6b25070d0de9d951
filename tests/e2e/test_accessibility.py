"""Issue 18, accessibility: an axe-core audit of every page (signed out and signed in, light and dark) finds no
serious or critical violation; every form field has a label tied to it; the page has header, main and
footer landmarks; and a newcomer can sign up, fill the profile and request a meeting with the keyboard only."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from axe_playwright_python.sync_playwright import Axe
from dm_support import collaborators, send
from factories import make_user
from meeting_support import accepted_meeting
from playwright.sync_api import Page, expect
from sqlmodel import Session

from e2e.flows import emailed_link, sign_in
from engnest.platform.clock import utcnow

AXE = Axe()
BLOCKING = ("serious", "critical")


def settle(page: Page) -> None:
    """The page is drawn for a known session: no skeleton, no spinner, the top bar's real content."""
    expect(page.locator("main")).to_be_visible()
    expect(page.get_by_test_id("page-skeleton")).to_have_count(0)
    expect(page.get_by_test_id("nav-skeleton")).to_have_count(0)
    expect(page.locator("main .rt-Spinner")).to_have_count(0)


def violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:4])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def audit(page: Page, path: str) -> list[str]:
    """Light, then dark: each problem prefixed with where it was found."""
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(path)
        settle(page)
        expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b") if scheme == "dark" else re.compile(r"^(?!.*\bdark\b)"))
        found += [f"{path} [{scheme}] {v}" for v in violations(page)]
    return found


def landmarks_and_labels(page: Page) -> list[str]:
    """Header, main and footer; every visible input, select and textarea named by a label or aria-label."""
    return page.evaluate(
        """() => {
          const out = [];
          for (const tag of ['header', 'main', 'footer']) if (document.querySelectorAll(tag).length !== 1) out.push('landmark ' + tag);
          for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden' || el.offsetParent === null || el.getAttribute('aria-hidden') === 'true') continue;
            const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!named) out.push('unlabelled ' + (el.name || el.id || el.outerHTML.slice(0, 60)));
          }
          return out;
        }"""
    )


def arrange(engine):
    tag = uuid.uuid4().hex[:6]
    with Session(engine, expire_on_commit=False) as s:
        # In Japan, where the bundled places have cafés (the meeting helper picks one).
        me = make_user(s, email=f"axe-me-{tag}@example.com", complete=True, first_name="Ama", creator=True, city="Tokyo, Japan")
        other = make_user(s, email=f"axe-other-{tag}@example.com", complete=True, first_name="Obi", city="Yokohama, Japan")
        friend = make_user(s, email=f"axe-friend-{tag}@example.com", complete=True, first_name="Fay", city="Kawasaki, Japan")
        meeting = accepted_meeting(s, me, friend, start=utcnow().replace(second=0, microsecond=0) + dt.timedelta(days=5), minutes=60)
        collaborators(s, me, friend)
        send(s, friend, me, "See you at the library!")
        return me, other, friend, meeting


def test_every_page_passes_axe_in_light_and_dark_with_labels_and_landmarks(page, app_engine):
    me, other, friend, meeting = arrange(app_engine)
    problems: list[str] = []
    for path in ("/", "/signup", "/signin", "/no-such-page"):
        problems += audit(page, path)
        problems += [f"{path} {p}" for p in landmarks_and_labels(page)]

    sign_in(page, me.email)
    expect(page.get_by_test_id("home-greeting")).to_be_visible()
    for path in (
        "/home", "/profile", "/settings", "/discover", f"/people/{other.id}", "/friends", "/meetings",
        f"/meetings/new?with={other.id}", f"/meetings/{meeting.id}", "/credits", "/messages", f"/messages/{friend.id}",
        "/notifications",
    ):
        problems += audit(page, path)
        problems += [f"{path} {p}" for p in landmarks_and_labels(page)]
    assert problems == [], "\n".join(problems)


def test_clicking_a_label_chooses_its_radio(new_page, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        me = make_user(s, email=f"radio-{uuid.uuid4().hex[:6]}@example.com", complete=True, creator=True)
    page = new_page()
    sign_in(page, me.email, next_path="/profile")
    status = page.get_by_test_id("status-editor")
    status.get_by_text("Recruit", exact=True).click()
    expect(page.get_by_role("radio", name="Recruit")).to_be_checked()
    status.get_by_text("Creator", exact=True).click()
    expect(page.get_by_role("radio", name="Creator")).to_be_checked()
    expect(page.get_by_label("First name")).to_have_value(re.compile(r"\w"))  # labels name their fields


def tab_to(page: Page, selector: str, *, presses: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user moves through a page)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}; focus is on {page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}")


def test_sign_up_fill_the_profile_and_request_a_meeting_with_the_keyboard_only(new_page, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        other = make_user(s, email=f"kb-other-{uuid.uuid4().hex[:6]}@example.com", complete=True, city="Bradford, United Kingdom")
    page = new_page()
    keys = page.keyboard
    page.goto("/signup")
    expect(page.locator("input[name=email]")).to_be_visible()
    email = f"kb-{uuid.uuid4().hex[:8]}@example.com"
    tab_to(page, "input[name=email]")
    keys.type(email)
    tab_to(page, "input[name=password]")
    keys.type("plum-kettle-orbit-42")
    tab_to(page, "input[name=birth_date]")
    keys.type("14031992")
    tab_to(page, "[data-testid=signup-submit]")
    keys.press("Enter")
    expect(page.get_by_test_id("signup-check-inbox")).to_be_visible()
    page.goto(emailed_link(page, email, "/account/verify"))  # the link in the email, as a mail client opens it
    tab_to(page, "[data-testid=confirm-email]")
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    expect(page.locator("[data-testid=about-editor] input[name=first_name]")).to_be_visible()

    tab_to(page, "input[name=first_name]")
    keys.type("Kay")
    tab_to(page, "input[name=last_name]")
    keys.type("Board")
    tab_to(page, "#discipline")
    keys.press("Enter")  # opens the list
    expect(page.get_by_role("listbox")).to_be_visible()
    for _ in range(2):
        keys.press("ArrowDown")
    keys.press("Enter")
    expect(page.locator("#discipline")).not_to_have_text("Choose your discipline")
    tab_to(page, "[data-testid=save-about]")
    keys.press("Enter")
    expect(page.get_by_text("Saved your details.")).to_be_visible()
    tab_to(page, "textarea[name=pitch]")
    keys.type("I'm Kay, I design keyboards for people who cannot use a mouse.")
    expect(page.get_by_test_id("review-pitch")).to_be_enabled()
    tab_to(page, "[data-testid=review-pitch]")
    keys.press("Enter")
    tab_to(page, "[data-testid=publish-pitch]")
    keys.press("Enter")
    expect(page.get_by_text("Published. Other engineers now see this version.")).to_be_visible()

    tab_to(page, "input[name=city]")
    keys.type("Leeds")
    expect(page.get_by_test_id("city-suggestions")).to_contain_text("Leeds, United Kingdom")
    tab_to(page, "[data-testid=city-suggestions] button")
    keys.press("Enter")
    expect(page.get_by_text("Saved your city.")).to_be_visible()

    tab_to(page, "input[name=skill]")
    keys.type("KiCad")
    keys.press("Enter")
    expect(page.get_by_test_id("skills-list")).to_contain_text("KiCad")
    expect(page.get_by_test_id("profile-complete")).to_be_visible()

    page.goto(f"/people/{other.id}")
    expect(page.get_by_test_id("request-meeting")).to_be_visible()
    tab_to(page, "[data-testid=request-meeting]")
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/meetings/new"))
    options = page.get_by_test_id("spot-option")
    expect(options.nth(1)).to_be_visible()
    tab_to(page, "[data-testid=spot-option]:nth-child(2)")
    keys.press("Space")
    expect(options.nth(1)).to_have_attribute("aria-checked", "true")
    tab_to(page, "textarea[name=message]")
    keys.type("Typed without a mouse.")
    tab_to(page, "[data-testid=send-request]")
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    expect(page.get_by_test_id("meeting-message")).to_contain_text("Typed without a mouse.")
