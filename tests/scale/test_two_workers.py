"""The same app, scaled out: two backend workers on PostgreSQL + Redis, static frontend."""

from __future__ import annotations

import re
import uuid

import httpx
from e2e.flows import fill_about, sign_in, sign_up, wait_for_profile_page
from playwright.sync_api import expect


def test_each_worker_answers_on_its_own(scale_stack):
    for worker in scale_stack.workers.values():
        assert httpx.get(f"{worker.url}/ping", timeout=5).json() == "pong"


def test_sign_up_and_sign_in_through_each_worker(scale_stack, scale_page):
    email_a, email_b = (f"scale-{w}-{uuid.uuid4().hex[:6]}@example.com" for w in "ab")
    before = dict(scale_stack.balancer.websockets)

    page_a = scale_page("a")
    sign_up(page_a, email_a)
    expect(page_a).to_have_url(re.compile(r"/profile/?$"))
    expect(page_a.locator("[data-testid=profile-incomplete]")).to_be_visible()

    page_b = scale_page("b")
    sign_up(page_b, email_b)
    expect(page_b).to_have_url(re.compile(r"/profile/?$"))

    # Each browser's websocket really was on a different worker.
    assert scale_stack.balancer.websockets["a"] > before.get("a", 0)
    assert scale_stack.balancer.websockets["b"] > before.get("b", 0)

    # Sign out on one worker, sign in again through the other: the session lives in Postgres and
    # the UI state in Redis, so the worker does not matter.
    page_a.context.clear_cookies()
    scale_stack.balancer.route_to("b")
    sign_in(page_a, email_a)
    expect(page_a).to_have_url(re.compile(r"/home/?$"))
    expect(page_a.locator("[data-testid=home-greeting]")).to_contain_text(email_a.split("@")[0])

    page_b.context.clear_cookies()
    scale_stack.balancer.route_to("a")
    sign_in(page_b, email_b)
    expect(page_b).to_have_url(re.compile(r"/home/?$"))


def test_a_profile_change_reaches_the_same_users_tab_on_the_other_worker(scale_stack, scale_page):
    email = f"scale-push-{uuid.uuid4().hex[:6]}@example.com"
    home = scale_page("a")
    sign_up(home, email)
    expect(home).to_have_url(re.compile(r"/profile/?$"))
    home.goto("/home")
    expect(home.locator("[data-testid=home-greeting]")).to_be_visible()

    scale_stack.balancer.route_to("b")
    editor = home.context.new_page()
    editor.goto("/profile")
    wait_for_profile_page(editor)
    fill_about(editor, "Hedy", "Lamarr", "I invented frequency hopping; now I want to build radios.", "Electrical")

    # The tab on worker A learns about it without reloading (push crossed workers via Redis).
    expect(home.locator("[data-testid=user-menu]")).to_contain_text("Hedy Lamarr")
