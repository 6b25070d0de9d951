"""Issue 14 end to end: an owner starts a project; a stranger finds it through Find a team (without ever seeing
the owner's name), asks to join; the owner accepts; a task assigned to the new member is moved to done and the
project page shows the progress."""

from __future__ import annotations

import re
import uuid

from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.flows import sign_in

LONDON, TOKYO = "Europe/London", "Asia/Tokyo"


def test_find_a_team_join_and_finish_a_task(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    title = f"Solar kiln {tag}"
    with Session(app_engine, expire_on_commit=False) as s:
        owner = make_user(s, email=f"owner-{tag}@example.com", complete=True, first_name="Zelda", last_name="Quixote", timezone=LONDON)
        joiner = make_user(s, email=f"joiner-{tag}@example.com", complete=True, first_name="Ravi", last_name="Mehta", timezone=TOKYO)

    po = new_page(timezone_id=LONDON)
    sign_in(po, owner.email, next_path="/projects/new")
    expect(po.locator("input[name=title]")).to_be_visible()
    po.fill("input[name=title]", title)
    po.fill("textarea[name=summary]", "Zelda Quixote fires pottery with sunlight.")
    po.select_option("select[name=discipline]", "electrical")
    po.fill("textarea[name=skills]", f"Optics{tag}: expert")
    po.select_option("select[name=stage]", "prototype")
    po.select_option("select[name=preference]", "hybrid")
    po.fill("input[name=city]", "Leeds")
    po.get_by_role("button", name="Create project").click()
    expect(po).to_have_url(re.compile(r"/projects/\d+$"))
    project_path = re.sub(r"^https?://[^/]+", "", po.url)
    expect(po.locator("[data-testid=project-title]")).to_have_text(title)

    pj = new_page(timezone_id=TOKYO)
    sign_in(pj, joiner.email, next_path="/projects")
    expect(pj.locator("input[name=skill]")).to_be_visible()
    pj.fill("input[name=skill]", f"optics{tag}")
    pj.get_by_role("button", name="Search").click()
    links = pj.locator("[data-testid=project-link]")
    expect(links).to_have_count(1)
    links.first.click()
    expect(pj).to_have_url(re.compile(re.escape(project_path) + "$"))
    expect(pj.locator("[data-testid=owner-card]")).to_be_visible()
    assert "Zelda" not in pj.content() and "Quixote" not in pj.content()
    pj.fill("textarea[name=note]", "I build solar concentrators.")
    pj.click("[data-testid=ask-to-join]")
    expect(pj.locator("[data-testid=request-pending]")).to_be_visible()

    po.goto(project_path)
    request = po.locator("[data-testid=join-request]")
    expect(request).to_contain_text("I build solar concentrators.")
    po.click("[data-testid=accept-request]")
    expect(request).to_have_count(0)
    po.fill("input[name=title]", "Grind the mirror")
    po.select_option("select[name=assignee]", str(joiner.id))
    po.get_by_role("button", name="Add task").click()
    expect(po.locator("[data-testid=column-todo] [data-testid=task]")).to_contain_text("Grind the mirror")
    expect(po.locator("[data-testid=progress]")).to_have_text("0% done")

    pj.goto(project_path)
    expect(pj.get_by_role("link", name="Zelda Quixote")).to_be_visible()  # members see the team's names
    pj.click("[data-testid=column-todo] [data-testid=move-doing]")
    pj.click("[data-testid=column-doing] [data-testid=move-done]")
    expect(pj.locator("[data-testid=column-done] [data-testid=task]")).to_contain_text("Grind the mirror")
    expect(pj.locator("[data-testid=progress]")).to_have_text("100% done")
    po.goto(project_path)
    expect(po.locator("[data-testid=progress]")).to_have_text("100% done")
