"""Issue 18, what stopped a newcomer on the profile page and on a cold load: projects saved as "None" (1),
saving one card discarding what was typed in the others (4), an order that forced an error (5), and signed-in
pages first drawn as signed out (7)."""

from __future__ import annotations

import re
import uuid

from factories import make_user
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from e2e.flows import add_skill, choose_select, fill_about, set_city, sign_in, sign_up, wait_for_profile_page
from engnest.accounts.models import User
from engnest.profiles.models import Profile
from engnest.projects.models import TeamProject


def signed_up(new_page, prefix: str) -> tuple[Page, str]:
    page = new_page()
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
    sign_up(page, email)
    wait_for_profile_page(page)
    return page, email


def projects_of(engine, email: str) -> list[TeamProject]:
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        return list(s.exec(select(TeamProject).where(TeamProject.owner_id == user.id).order_by(TeamProject.id)))


def test_a_project_is_created_edited_and_removed_with_what_was_typed(new_page, app_engine):
    page, email = signed_up(new_page, "proj")
    editor = page.locator("[data-testid=projects-editor]")
    listing = page.locator("[data-testid=projects-list]")
    add_form = editor.locator("form").last  # the project cards (with their edit forms) come first

    # The empty form is refused beside the title, and nothing is stored.
    editor.locator("[data-testid=save-project]").click()
    expect(editor.locator("[data-testid=error-project_title]")).to_contain_text("Give the project a title")
    assert projects_of(app_engine, email) == []

    # Saved with what was typed.
    add_form.locator("input[name=project_title]").fill("Tidal turbine test rig")
    add_form.locator("textarea[name=project_description]").fill("A small rig to test blade shapes in a flume.")
    add_form.locator("input[name=project_skills]").fill("CAD, FEA")
    editor.locator("[data-testid=save-project]").click()
    expect(listing).to_contain_text("Tidal turbine test rig")
    expect(listing).to_contain_text("Wants: CAD, FEA")
    expect(listing).not_to_contain_text("None")
    [project] = projects_of(app_engine, email)
    assert (project.title, project.summary, [w["name"] for w in project.skills_wanted]) == (
        "Tidal turbine test rig", "A small rig to test blade shapes in a flume.", ["CAD", "FEA"]
    )
    expect(add_form.locator("input[name=project_title]")).to_have_value("")  # ready for the next one

    # Edited in its card: the card's form shows the saved values and saves the change.
    listing.get_by_role("button", name="Edit").click()
    edit_title = listing.locator("input[name=project_title]")
    expect(edit_title).to_have_value("Tidal turbine test rig")
    edit_title.fill("Tidal turbine flume rig")
    listing.locator("input[name=project_skills]").fill("CAD, FEA, Python")
    listing.locator("[data-testid=save-edited-project]").click()
    expect(listing).to_contain_text("Tidal turbine flume rig")
    expect(listing).to_contain_text("Wants: CAD, FEA, Python")
    [project] = projects_of(app_engine, email)
    assert (project.title, [w["name"] for w in project.skills_wanted]) == ("Tidal turbine flume rig", ["CAD", "FEA", "Python"])

    # A second project added while the first exists, then the first removed.
    add_form.locator("input[name=project_title]").fill("Bike frame jig")
    editor.locator("[data-testid=save-project]").click()
    expect(listing).to_contain_text("Bike frame jig")
    assert [p.title for p in projects_of(app_engine, email)] == ["Tidal turbine flume rig", "Bike frame jig"]
    listing.get_by_role("button", name="Remove").first.click()
    expect(listing).not_to_contain_text("Tidal turbine")
    assert [p.title for p in projects_of(app_engine, email)] == ["Bike frame jig"]
    assert page.errors == []


def test_saving_one_card_keeps_what_is_typed_in_the_others(new_page):
    page, _ = signed_up(new_page, "keep")
    fill_about(page, "Kit", "Keeper", "I'm Kit, I build wind tunnels.", "Aerospace")

    # Typed but not saved: a new pitch, Creator with In person, a GitHub link, a project title.
    pitch = "I'm Kit, I build small wind tunnels and want a partner for flow imaging."
    page.fill("[data-testid=pitch-editor] textarea[name=pitch]", pitch)
    page.click("#status-creator")
    choose_select(page, "[data-testid=status-editor]", 0, "In person")
    page.fill("[data-testid=links-editor] input[name=github_url]", "https://github.com/kit-keeper")
    new_title = page.locator("[data-testid=projects-editor] form").last.locator("input[name=project_title]")
    new_title.fill("Pocket wind tunnel")

    def still_typed() -> None:
        expect(page.locator("[data-testid=pitch-editor] textarea[name=pitch]")).to_have_value(pitch)
        expect(page.locator("#status-creator")).to_have_attribute("aria-checked", "true")
        expect(page.locator("[data-testid=status-editor] button[role=combobox]")).to_have_text("In person")
        expect(page.locator("[data-testid=links-editor] input[name=github_url]")).to_have_value("https://github.com/kit-keeper")
        expect(new_title).to_have_value("Pocket wind tunnel")

    add_skill(page, "LabVIEW")
    still_typed()
    set_city(page, "Bristol", "Bristol, United Kingdom")
    still_typed()
    # The saved card itself shows what was saved.
    expect(page.locator("[data-testid=profile-city]")).to_contain_text("Bristol")


def test_the_page_asks_for_a_project_before_creator_and_following_it_top_down_never_errs(new_page):
    page, _ = signed_up(new_page, "order")
    order = page.evaluate(
        """() => ['about-editor', 'pitch-editor', 'city-editor', 'skills-editor', 'projects-editor', 'status-editor']
              .map(id => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top)"""
    )
    assert order == sorted(order), f"cards out of order: {order}"
    expect(page.locator("[data-testid=creator-needs-project]")).to_be_visible()
    # The checklist's open steps link to where they are filled in.
    expect(page.locator("[data-testid=checklist-step]", has_text="Your city")).to_have_attribute("href", re.compile(r"#city-editor$"))

    # Top to bottom, as a creator: each save succeeds on the first try.
    fill_about(page, "Olu", "Order", "I'm Olu, I design hydroponic controllers.", "Electrical")
    set_city(page, "Leeds", "Leeds, United Kingdom")
    add_skill(page, "KiCad")
    page.locator("[data-testid=projects-editor] form").last.locator("input[name=project_title]").fill("Hydroponic controller")
    page.locator("[data-testid=projects-editor] [data-testid=save-project]").click()
    expect(page.locator("[data-testid=projects-list]")).to_contain_text("Hydroponic controller")
    expect(page.locator("[data-testid=creator-needs-project]")).to_have_count(0)
    page.click("#status-creator")
    choose_select(page, "[data-testid=status-editor]", 0, "Hybrid")
    page.click("[data-testid=save-status]")
    expect(page.get_by_text("Saved your status.")).to_be_visible()
    expect(page.locator("[data-testid=error-status]")).to_have_count(0)
    expect(page.locator("[data-testid=profile-complete]")).to_be_visible()


def test_a_signed_in_page_shows_a_neutral_skeleton_until_the_session_is_known(new_page, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        user = make_user(s, email=f"cold-{uuid.uuid4().hex[:8]}@example.com", complete=True, first_name="Cora", timezone="Asia/Tokyo")
        assert s.get(Profile, user.id).is_complete
    page = new_page()
    sign_in(page, user.email)
    expect(page.get_by_test_id("home-greeting")).to_have_text(re.compile(r"Hello, Cora"))

    # A cold load whose websocket never answers: the page stays as it is first drawn.
    cold = page.context.new_page()
    cold.route_web_socket(re.compile(r"/_event"), lambda ws: None)
    cold.goto("/home")
    expect(cold.get_by_test_id("page-skeleton")).to_be_visible()
    expect(cold.get_by_test_id("nav-skeleton")).to_be_visible()
    body = cold.locator("body")
    for wrong in ("Sign in", "Sign up", "Hello,", "UTC", "Finish your profile"):
        expect(body).not_to_contain_text(wrong)
    cold.close()

    # With the websocket, the same load shows the signed-in page and no skeleton.
    page.goto("/home")
    expect(page.get_by_test_id("home-greeting")).to_have_text(re.compile(r"Hello, Cora"))
    expect(page.locator("main")).to_contain_text("Europe/London")  # the browser's zone, captured at sign-in
    expect(page.get_by_test_id("page-skeleton")).to_have_count(0)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
