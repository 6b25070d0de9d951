"""Accounts people expect, in Chromium: sign up, "check your inbox", confirm by the emailed link, then request a
meeting; forgot password; and a sign-up page that answers the same for an address that already has an account."""

from __future__ import annotations

import re
import uuid

from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session, select

from e2e.flows import confirm_email, emailed_link, ready, sign_in, sign_up, submit_sign_up, wait_for_email, wait_for_profile_page
from engnest.accounts.models import User
from engnest.platform.clock import utcnow
from engnest.profiles.services import profiles

NEW_PASSWORD = "copper-meadow-lantern-31"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def session_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "engnest_session"), None)


def complete_profile(engine, email: str) -> None:
    """The profile part is not what this test is about: fill it through the services."""
    with Session(engine, expire_on_commit=False) as s:
        uid = s.exec(select(User.id).where(User.email == email)).one()
        profiles.update_about(session=s, user_id=uid, first_name="Nia", last_name="Okoro",
                                    pitch="I build tidal turbines and test them in cold water.", discipline="mechanical", now=utcnow())
        profiles.set_city(session=s, user_id=uid, city_id=None, city_text="Tokyo, Japan", now=utcnow())
        profiles.add_skill(session=s, user_id=uid, name="CAD", proficiency="expert", now=utcnow())
        s.commit()  # the test is the outermost caller


def test_sign_up_check_inbox_confirm_by_link_then_a_meeting_can_be_requested(new_page, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        other = make_user(s, email=unique_email("ben"), complete=True, first_name="Ben", last_name="Hughes",
                          city="Yokohama, Japan", discipline="electrical", pitch="Power electronics for small boats.")
    email = unique_email("nia")
    page = new_page(timezone_id="Asia/Tokyo")
    submit_sign_up(page, email)
    expect(page.locator("[data-testid=signup-check-inbox]")).to_contain_text(email)
    assert session_cookie(page) is None  # no session from the form: the link signs in

    # Signed in with the password before confirming: browsing works, requesting a meeting does not.
    complete_profile(app_engine, email)
    sign_in(page, email, next_path=f"/meetings/new?with={other.id}")
    expect(page.locator("[data-testid=verify-banner]")).to_be_visible()
    expect(page.locator("[data-testid=request-problem]")).to_contain_text("Confirm your email address first")
    page.click("[data-testid=resend-verification]")
    expect(page.locator("[data-testid=verification-note]")).to_contain_text(f"We sent a new link to {email}")

    confirm_email(page, email)
    wait_for_profile_page(page)
    expect(page.locator("[data-testid=verify-banner]")).to_have_count(0)
    page.goto(f"/meetings/new?with={other.id}")
    expect(page.locator("[data-testid=request-with]")).to_contain_text("Electrical engineer")
    expect(page.locator("[data-testid=request-problem]")).to_have_count(0)
    expect(page.locator("[data-testid=spot-option]").first).to_be_visible()  # in person, tomorrow 18:00 by default
    page.locator("[data-testid=spot-option]").first.click()
    page.click("[data-testid=send-request]")
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Pending")
    assert page.errors == []


def test_forgot_password_reset_link_sets_a_new_password_and_ends_old_sessions(new_page):
    email = unique_email("grace")
    old = new_page()
    sign_up(old, email)
    wait_for_profile_page(old)

    page = new_page()
    page.goto("/signin")
    page.click("[data-testid=forgot-password]")
    ready(page, "[data-testid=forgot-submit]")  # not the sign-in page's email field, still there during the navigation
    page.fill("input[name=email]", email.upper())
    page.click("[data-testid=forgot-submit]")
    expect(page.locator("[data-testid=reset-link-sent]")).to_contain_text("works once, for 30 minutes")
    link = emailed_link(page, email, "/account/reset-password")
    page.goto(link)
    ready(page, "[data-testid=reset-submit]")
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=confirm_password]", NEW_PASSWORD)
    page.click("[data-testid=reset-submit]")
    expect(page).to_have_url(re.compile(r"/signin\?reset=1"))
    expect(page.get_by_text("Your password was changed")).to_be_visible()

    # The old session is gone; the old password no longer works; the new one does; the link is spent.
    old.goto("/profile")
    expect(old).to_have_url(re.compile(r"/signin\?next="))
    sign_in(page, email)
    expect(page.locator("[data-testid=error-form]")).to_contain_text("do not match")
    sign_in(page, email, password=NEW_PASSWORD, next_path="/profile")
    wait_for_profile_page(page)
    spent = new_page()
    spent.goto(link)
    expect(spent.locator("[data-testid=link-dead]")).to_be_visible()
    assert page.errors == [] and old.errors == []


def test_the_sign_up_page_answers_an_existing_address_exactly_like_a_new_one(new_page):
    existing = unique_email("taken")
    owner = new_page()
    sign_up(owner, existing)
    wait_for_profile_page(owner)

    answers = []
    for address in (existing.upper(), unique_email("fresh").upper()):
        page = new_page()
        submit_sign_up(page, address)
        inbox = page.locator("[data-testid=signup-check-inbox]")
        expect(inbox).to_be_visible()
        answers.append((page.url, inbox.inner_text().replace(address, "<address>"), session_cookie(page)))
        assert page.errors == []
    assert answers[0] == answers[1]
    assert answers[0][2] is None
    # The owner hears about it by email, and is still signed in with the same password.
    warning = wait_for_email(owner, existing, "Someone tried to sign up with your address")
    assert "nothing about your account changed" in warning.get_body().get_content()
    owner.goto("/profile")
    wait_for_profile_page(owner)
