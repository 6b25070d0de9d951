"""Settings (timezone, password, delete account), the profile photo, dark mode and a phone-sized screen."""

from __future__ import annotations

import io
import re
import uuid

import sqlalchemy as sa
from factories import PASSWORD
from PIL import Image
from playwright.sync_api import expect

from e2e.flows import ready, sign_in, sign_up, wait_for_profile_page


def new_account(page) -> str:
    email = f"set-{uuid.uuid4().hex[:8]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    return email


def test_changing_the_timezone_changes_how_times_are_shown(page):
    new_account(page)
    page.goto("/settings")
    expect(page.locator("select[name=timezone]")).to_have_value("Europe/London")
    page.select_option("select[name=timezone]", "Asia/Tokyo")
    page.locator("#follow_browser").click()  # pin it: do not follow the browser any more
    page.click("[data-testid=save-timezone]")
    expect(page.get_by_text("Times are now shown in Asia/Tokyo.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your local time there: \d\d:\d\d on .* JST"))).to_be_visible()
    page.goto("/home")
    expect(page.get_by_text("Asia/Tokyo")).to_be_visible()


def test_password_change_signs_out_other_browsers_and_keeps_this_one(new_page):
    page = new_page()
    email = new_account(page)
    other = new_page()
    sign_in(other, email)
    expect(other).to_have_url(re.compile(r"/home/?$"))

    page.goto("/settings")
    ready(page, "[data-testid=change-password]")
    page.fill("input[name=current_password]", "wrong-one-123")
    page.fill("input[name=new_password]", "short")
    page.fill("input[name=confirm_password]", "different")
    page.click("[data-testid=change-password]")
    expect(page.locator("[data-testid=error-current_password]")).to_be_visible()
    expect(page.locator("[data-testid=error-new_password]")).to_be_visible()
    expect(page.locator("[data-testid=error-confirm_password]")).to_be_visible()

    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", "violet-anchor-river-88")
    page.fill("input[name=confirm_password]", "violet-anchor-river-88")
    page.click("[data-testid=change-password]")
    expect(page.get_by_text("Password changed.")).to_be_visible()

    other.goto("/profile")
    expect(other).to_have_url(re.compile(r"/signin\?next="))


def test_deleting_the_account_removes_it_and_signs_out(page, app_engine):
    email = new_account(page)
    page.goto("/settings")
    ready(page, "[data-testid=delete-account]")
    page.fill("input[name=delete_password]", PASSWORD)
    page.fill("input[name=delete_confirm]", "nope")
    page.click("[data-testid=delete-account]")
    expect(page.locator("[data-testid=error-delete_confirm]")).to_contain_text("Type DELETE")
    page.fill("input[name=delete_confirm]", "DELETE")
    page.click("[data-testid=delete-account]")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/(\?deleted=1)?$"))  # the landing page, not /settings/
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()
    with app_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM user_account WHERE email = :e"), {"e": email}).scalar() == 0
    sign_in(page, email)
    expect(page.locator("[data-testid=error-form]")).to_contain_text("do not match")


def _png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def test_uploading_a_photo_shows_it_and_a_non_image_is_refused(page, new_page):
    new_account(page)
    page.locator("#avatar-upload input[type=file]").set_input_files(
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"this is not an image"}]
    )
    expect(page.locator("[data-testid=error-avatar]")).to_contain_text("not an image")
    page.locator("#avatar-upload input[type=file]").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png_bytes()}]
    )
    expect(page.get_by_text("Saved your photo.")).to_be_visible()
    photo = page.get_by_alt_text("Your photo")
    expect(photo).to_be_visible()
    src = photo.get_attribute("src")
    assert page.request.get(src).status == 200
    # Somebody else (not a collaborator) cannot fetch it.
    stranger = new_page()
    new_account(stranger)
    assert stranger.request.get(src).status == 404


def test_dark_mode_and_a_phone_screen(browser, live_app):
    ctx = browser.new_context(base_url=live_app.url, color_scheme="dark", viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.outbox = live_app.outbox  # the verification email of the new account
        new_account(page)
        background = page.evaluate("getComputedStyle(document.querySelector('.radix-themes')).backgroundColor")
        red, green, blue = (int(v) for v in re.findall(r"\d+", background)[:3])
        assert red + green + blue < 150, f"expected a dark background, got {background}"
        # On a phone the section links collapse into a menu.
        expect(page.get_by_role("button", name="Menu")).to_be_visible()
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("menuitem", name="Settings").click()
        expect(page).to_have_url(re.compile(r"/settings/?$"))
    finally:
        ctx.close()
