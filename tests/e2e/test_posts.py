"""A post with a code snippet, votes and a nested reply thread (issue 13 item 2): one person writes it from the
feed, a stranger finds it, votes, comments, and the author replies under that comment; each sees the other's
pseudonym, and the real names are in neither page nor any websocket frame."""

from __future__ import annotations

import re
import uuid

from factories import PASSWORD, make_user
from playwright.sync_api import expect
from sqlmodel import Session, select

from e2e.flows import ready, sign_in
from e2e.test_discovery import capture_frames
from engnest.community.models import Pseudonym, Report

NAMES = {"Wilhelmina": "Strathcona", "Bartholomew": "Quenneville"}


def test_a_post_with_code_votes_and_a_nested_reply_thread_under_pseudonyms(new_page, app_engine):
    tag = uuid.uuid4().hex[:6]
    with Session(app_engine) as s:
        author, reader = (make_user(s, complete=True, first_name=f, last_name=last, email=f"{f.lower()}-{tag}@example.com") for f, last in NAMES.items())
        s.commit()
        author_email, reader_email, author_id, reader_id = author.email, reader.email, author.id, reader.id

    wil = new_page(timezone_id="Europe/London")
    wil_frames = capture_frames(wil)
    sign_in(wil, author_email, PASSWORD)
    expect(wil.locator("[data-testid=nav-feed]").first).to_be_visible()
    wil.goto("/feed")
    ready(wil, "[data-testid=post-title-input]")
    wil.fill("[data-testid=post-title-input]", f"Damping a gantry {tag}")
    wil.fill("[data-testid=post-body-input]", "The frame rings at 40 Hz. Ideas?")
    wil.fill("[data-testid=post-code-input]", "import numpy as np\ndef damping(m, k):\n    return 2 * np.sqrt(m * k)\n")
    wil.fill("[data-testid=post-tags-input]", f"cnc t{tag}")
    wil.click("[data-testid=post-submit]")
    expect(wil).to_have_url(re.compile(r"/feed/[0-9]+$"))
    expect(wil.locator("[data-testid=post-heading]")).to_have_text(f"Damping a gantry {tag}")
    code = wil.locator("[data-testid=post-code]")
    expect(code).to_have_attribute("data-language", "python")
    expect(code).to_contain_text("np.sqrt(m * k)")
    expect(code.locator("span.token").first).to_be_visible()  # highlighted: the highlighter's token spans
    with Session(app_engine) as s:
        wil_handle, bart_handle_row = s.get(Pseudonym, author_id).handle, s.get(Pseudonym, reader_id)
    assert bart_handle_row is None  # the reader has not been in the community yet

    bart = new_page(timezone_id="America/Chicago")
    bart_frames = capture_frames(bart)
    sign_in(bart, reader_email, PASSWORD)
    expect(bart.locator("[data-testid=nav-feed]").first).to_be_visible()  # signed in and settled before navigating
    bart.goto(f"/feed?tag=t{tag}")
    card = bart.locator("[data-testid=post-card]", has_text=f"Damping a gantry {tag}")
    expect(card.locator("[data-testid=post-author]")).to_have_text(wil_handle)
    card.locator("[data-testid=post-up]").click()
    expect(card.locator("[data-testid=post-score]")).to_have_text("1")
    card.locator("[data-testid=post-title]").click()
    expect(bart.locator("[data-testid=post-heading]")).to_have_text(f"Damping a gantry {tag}")
    expect(bart.locator("[data-testid=post-score]")).to_have_text("1")
    bart.fill("[data-testid=comment-form-input]", "Try a tuned mass damper on the crossbeam.")
    bart.click("[data-testid=comment-form-submit]")
    expect(bart.locator("[data-testid=comment]")).to_have_count(1)
    with Session(app_engine) as s:
        bart_handle = s.get(Pseudonym, reader_id).handle

    wil.reload()
    first = wil.locator("[data-testid=comment]").first
    expect(first.locator("[data-testid=comment-author]")).to_have_text(bart_handle)
    first.locator("[data-testid=comment-reply]").click()
    wil.fill("[data-testid=comment-reply-form-input]", "Good idea, I'll model it in the FEA first.")
    wil.click("[data-testid=comment-reply-form-submit]")
    comments = wil.locator("[data-testid=comment]")
    expect(comments).to_have_count(2)
    expect(comments.nth(1)).to_have_attribute("data-depth", "1")
    expect(comments.nth(1).locator("[data-testid=comment-author]")).to_have_text(wil_handle)

    bart.reload()
    expect(bart.locator("[data-testid=comment]").nth(1)).to_contain_text("model it in the FEA")
    # The reader reports the post from its page; the author sees no Report button on their own post.
    expect(wil.locator("[data-testid=post-report]")).to_have_count(0)
    bart.click("[data-testid=post-report]")
    bart.locator("[data-testid=report-reason]").click()
    bart.get_by_role("option", name="Spam or advertising").click()
    expect(bart.get_by_role("listbox")).to_have_count(0)
    bart.click("[data-testid=report-send]")
    expect(bart.get_by_text("The moderators will look at it")).to_be_visible()
    with Session(app_engine) as s:
        filed = s.exec(select(Report.target_kind, Report.reporter_id, Report.target_user_id).where(Report.target_kind == "post")).all()
    assert filed == [("post", reader_id, author_id)]
    for page, frames, other in ((wil, wil_frames, "Bartholomew Quenneville"), (bart, bart_frames, "Wilhelmina Strathcona")):
        text = page.content()
        assert all(word not in text for word in other.split()), f"a real name is on the page: {other}"
        assert frames and not any(word in f for f in frames for word in other.split()), f"a real name went over the websocket: {other}"
    assert not wil.errors and not bart.errors
