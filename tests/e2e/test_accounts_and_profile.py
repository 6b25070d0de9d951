"""A new engineer signs up, fills the profile, signs out and in, edits, and sees the change;
bad input gets a message beside the field."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from e2e.flows import (
    add_skill,
    fill_about,
    fill_complete_profile,
    sign_in,
    sign_out,
    sign_up,
    submit_sign_up,
    wait_for_profile_page,
)


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def test_sign_up_fill_profile_sign_out_sign_in_edit_and_see_the_change(new_page):
    page = new_page(timezone_id="America/Chicago")
    email = unique_email("ada")
    sign_up(page, email)
    wait_for_profile_page(page)
    expect(page.locator("[data-testid=profile-incomplete]")).to_be_visible()

    fill_complete_profile(page, "Ada", "Lovelace", "Manches", "Manchester, United Kingdom")
    expect(page.locator("[data-testid=profile-name]")).to_have_text("Ada Lovelace")
    expect(page.locator("[data-testid=profile-city]")).to_contain_text("Manchester")

    # The session cookie is HttpOnly: page scripts cannot read it.
    assert page.evaluate("document.cookie").find("engnest_session") == -1
    cookie = next(c for c in page.context.cookies() if c["name"] == "engnest_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    sign_out(page)
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/signin\?next="))

    sign_in(page, email, next_path="/profile")
    wait_for_profile_page(page)
    fill_about(page, "Ada", "King", "I'm Ada, now building a difference engine with friends.", "Computer")
    add_skill(page, "Python", "Beginner")
    page.reload()
    expect(page.locator("[data-testid=profile-name]")).to_have_text("Ada King")
    expect(page.locator("[data-testid=profile-pitch]")).to_contain_text("difference engine")
    expect(page.locator("[data-testid=skills-list]")).to_contain_text("Python")
    assert page.errors == []

    # The browser's timezone was captured at sign-up.
    page.goto("/settings")
    expect(page.locator("select[name=timezone]")).to_have_value("America/Chicago")


def test_under_16_and_weak_password_are_refused_beside_their_fields(page):
    submit_sign_up(page, unique_email("kid"), password="password123", birth_date="2015-06-01")
    expect(page.locator("[data-testid=error-password]")).to_contain_text("too common")
    expect(page.locator("[data-testid=error-birth_date]")).to_contain_text("at least 16")


def test_wrong_password_shows_the_same_message_as_an_unknown_email(new_page):
    email = unique_email("grace")
    page = new_page()
    sign_up(page, email)
    wait_for_profile_page(page)
    other = new_page()
    sign_in(other, email, password="not-my-password-7")
    message = other.locator("[data-testid=error-form]")
    expect(message).to_contain_text("do not match")
    wrong_text = message.inner_text()
    sign_in(other, unique_email("nobody"), password="not-my-password-7")
    expect(other.locator("[data-testid=error-form]")).to_have_text(wrong_text)


def test_unknown_city_is_refused_with_suggestions(page):
    sign_up(page, unique_email("city"))
    wait_for_profile_page(page)
    page.fill("input[name=city]", "Lonndon")  # ("Londn" is now known: GeoNames lists it as another name of London)
    page.click("[data-testid=save-city]")
    error = page.locator("[data-testid=error-city]")
    expect(error).to_contain_text("We do not know a city called 'Lonndon'")
    expect(error).to_contain_text("London, United Kingdom")
