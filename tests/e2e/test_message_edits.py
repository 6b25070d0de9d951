"""Issue 18 in two browsers: Ada edits and deletes her messages and sends a code block; Ben sees each change
live on his open thread, and HTML typed into a message shows as text, never as markup."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.test_messages import pair, stored, thread_ready, write  # noqa: F401  (pair is a fixture)


def test_edit_delete_and_a_code_block_are_seen_live_by_the_other_person(pair, app_engine):  # noqa: F811
    ada, ben, ada_id, ben_id = pair
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    ben.goto(f"/messages/{ada_id}")
    thread_ready(ben)

    write(ada, "Meet at the **library** at 10?")
    write(ada, "sent to the wrong person")
    write(ada, "Try this:\n```python\nif span < 12:\n    print('<script>ok</script>')\n```\n<img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script>")
    theirs = ben.locator("[data-testid=message-theirs]")
    expect(theirs).to_have_count(3)
    expect(theirs.nth(0).locator("strong")).to_have_text("library")

    # The code block arrives as monospace text; the HTML stays visible text and nothing ran.
    block = theirs.nth(2).locator("[data-testid=message-code-block]")
    expect(block).to_have_text("if span < 12:\n    print('<script>ok</script>')")
    expect(block).to_have_attribute("data-lang", "python")
    assert "monospace" in block.evaluate("el => getComputedStyle(el).fontFamily")
    expect(theirs.nth(2).locator("[data-testid=message-text]")).to_contain_text('<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>')
    assert theirs.nth(2).locator("img, script").count() == 0
    assert ben.evaluate("window.pwned") is None

    # Ada edits the first message: Ben's open thread shows the new text and the "edited" mark.
    mine = ada.locator("[data-testid=message-mine]")
    mine.nth(0).locator("[data-testid=message-edit]").click()
    ada.locator("[data-testid=edit-input]").fill("Meet at the **library** at 11?")
    ada.locator("[data-testid=edit-save]").click()
    expect(theirs.nth(0).locator("[data-testid=message-text]")).to_have_text("Meet at the library at 11?")
    expect(theirs.nth(0).locator("[data-testid=message-edited]")).to_be_visible()
    expect(mine.nth(0).locator("[data-testid=message-edited]")).to_be_visible()

    # Ada deletes the second: Ben sees the placeholder in its place; the row is kept, its text is gone.
    mine.nth(1).locator("[data-testid=message-delete]").click()
    confirm = mine.nth(1).locator("[data-testid=message-delete-confirm]")  # asked first: a delete cannot be undone
    expect(confirm).to_be_visible()
    expect(theirs.nth(1).locator("[data-testid=message-text]")).to_have_text("sent to the wrong person")
    confirm.click()
    expect(theirs.nth(1).locator("[data-testid=message-deleted]")).to_have_text("Message deleted")
    expect(theirs.nth(1).locator("[data-testid=message-text]")).to_have_count(0)
    expect(theirs).to_have_count(3)
    assert stored(app_engine, "sent to the wrong person") == []
    # Ben has no Edit or Delete on Ada's messages.
    expect(ben.locator("[data-testid=message-edit]")).to_have_count(0)
    assert ada.errors == [] and ben.errors == []
