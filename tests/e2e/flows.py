"""Reusable browser steps (what a person does), shared by the e2e tests."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

from factories import PASSWORD
from playwright.sync_api import Locator, Page, expect

LINK = re.compile(r"https?://\S+/account/[\w-]+\?token=[\w%-]+")


def ready(page: Page, selector: str) -> Locator:
    """`selector` (something only the page just opened has, e.g. its submit button), once it is on screen and
    React has hydrated it (its props are attached to the DOM node). Type only after this on a page just opened:
    while a client-side navigation is still loading the next route, the previous page is on screen, and a field
    of the same name there (the sign-in form's email, say) takes the text; and the server-rendered HTML is there
    before React wires up its handlers, so a click or a keystroke then does not reach the app."""
    target = page.locator(selector)
    expect(target).to_be_visible()
    page.wait_for_function(
        "el => Object.keys(el).some(key => key.startsWith('__reactProps$'))", arg=target.element_handle()
    )
    return target


def submit_sign_up(page: Page, email: str, password: str = PASSWORD, birth_date: str = "1992-03-14") -> None:
    """Fill and send the sign-up form (the answer is "check your inbox", or errors beside the fields)."""
    page.goto("/signup")
    ready(page, "[data-testid=signup-submit]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.fill("input[name=birth_date]", birth_date)
    page.click("[data-testid=signup-submit]")


def emails_to(page: Page, address: str) -> list:
    """Emails the app wrote for `address` to its dev outbox (`page.outbox`), oldest first."""
    found = []
    for eml in Path(page.outbox).glob("*.eml"):
        msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        if msg["To"] == address:
            found.append((int(eml.stem.rsplit("-", 1)[1]), msg))
    return [msg for _, msg in sorted(found, key=lambda pair: pair[0])]


def wait_for_email(page: Page, address: str, subject: str, timeout: float = 20.0):
    """The newest email to `address` with `subject`, waiting for it to be written."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in emails_to(page, address) if m["Subject"] == subject]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no email {subject!r} to {address} in {page.outbox}")
        page.wait_for_timeout(200)


def emailed_link(page: Page, address: str, path: str, timeout: float = 20.0) -> str:
    """The newest one-time link to `path` emailed to `address`, waiting for it to be written."""
    deadline = time.monotonic() + timeout
    while True:
        links = [link for m in emails_to(page, address) for link in LINK.findall(m.get_body().get_content()) if path in link]
        if links:
            return links[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no email to {address} with a {path} link in {page.outbox}")
        page.wait_for_timeout(200)


def confirm_email(page: Page, address: str) -> None:
    """Open the verification link from the outbox and press its button: confirmed, signed in, on the profile."""
    page.goto(emailed_link(page, address, "/account/verify"))
    ready(page, "[data-testid=confirm-email]").click()


def sign_up(page: Page, email: str, password: str = PASSWORD, birth_date: str = "1992-03-14") -> None:
    """Sign up and confirm the address through the emailed link (which signs in and opens the profile)."""
    submit_sign_up(page, email, password, birth_date)
    expect(page.locator("[data-testid=signup-check-inbox]")).to_be_visible()
    confirm_email(page, email)


def sign_in(page: Page, email: str, password: str = PASSWORD, next_path: str = "") -> None:
    page.goto("/signin" + (f"?next={next_path}" if next_path else ""))
    ready(page, "[data-testid=signin-submit]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("[data-testid=signin-submit]")


def sign_out(page: Page) -> None:
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=sign-out]")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the landing page (not any path ending in /)
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def wait_for_profile_page(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    expect(page.locator("[data-testid=about-editor] input[name=first_name]")).to_be_visible()


def choose_select(page: Page, container: str, trigger_index: int, option: str) -> None:
    trigger = page.locator(f"{container} button[role=combobox]").nth(trigger_index)
    trigger.click()
    page.get_by_role("option", name=option, exact=True).click()
    # As a person sees it close: while the list is still open (slow on a loaded machine), it takes the next click
    # outside it to close itself, and that click (e.g. on Save) is lost.
    expect(page.get_by_role("listbox")).to_have_count(0)
    expect(trigger).to_contain_text(option)


def fill_about(page: Page, first: str, last: str, pitch: str, discipline: str) -> None:
    editor = "[data-testid=about-editor]"
    page.fill(f"{editor} input[name=first_name]", first)
    page.fill(f"{editor} input[name=last_name]", last)
    choose_select(page, editor, 0, discipline)
    page.click("[data-testid=save-about]")
    expect(page.get_by_text("Saved your details.")).to_be_visible()
    publish_pitch(page, pitch)


def publish_pitch(page: Page, pitch: str) -> None:
    """The pitch is published in its own card, in two steps: review what strangers see, then publish."""
    editor = "[data-testid=pitch-editor]"
    page.fill(f"{editor} textarea[name=pitch]", pitch)
    expect(page.locator("[data-testid=review-pitch]")).to_be_enabled()
    page.click("[data-testid=review-pitch]")
    page.click("[data-testid=publish-pitch]")
    expect(page.get_by_text("Published. Other engineers now see this version.")).to_be_visible()


def set_city(page: Page, typed: str, pick: str) -> None:
    page.fill("input[name=city]", typed)
    page.locator("[data-testid=city-suggestions]").get_by_role("button", name=pick, exact=True).click()
    expect(page.get_by_text("Saved your city.")).to_be_visible()


def add_skill(page: Page, name: str, level: str = "Intermediate") -> None:
    editor = "[data-testid=skills-editor]"
    page.fill(f"{editor} input[name=skill]", name)
    choose_select(page, editor, 0, level)
    page.click("[data-testid=add-skill]")
    expect(page.locator("[data-testid=skills-list]")).to_contain_text(name)


def fill_complete_profile(page: Page, first: str, last: str, city_typed: str, city_pick: str, discipline: str = "Mechanical") -> None:
    fill_about(page, first, last, f"I'm {first}, I design drones and love testing them in the rain.", discipline)
    set_city(page, city_typed, city_pick)
    add_skill(page, "SolidWorks", "Expert")
    expect(page.locator("[data-testid=profile-complete]")).to_be_visible()
