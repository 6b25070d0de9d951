"""Issue 18 in two browsers: Ada sends Ben a photo and a PDF from the thread's File button; Ben sees the image
shown and the PDF offered as a download on his open thread; a signed-in stranger (who can fetch her own files)
gets 404 for both; a file that is not an image or PDF is refused with a message beside the composer."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from e2e.test_messages import make_collaborators, pair, person, thread_ready, user_id  # noqa: F401  (pair is a fixture)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _attach(page, name: str, mime: str, data: bytes) -> None:
    page.locator("#dm-file input[type=file]").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_a_photo_and_a_pdf_reach_the_other_person_and_nobody_else(pair, new_page, app_engine):  # noqa: F811
    ada, ben, ada_id, ben_id = pair
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    ben.goto(f"/messages/{ada_id}")
    thread_ready(ben)

    _attach(ada, "bridge.png", "image/png", _png())
    theirs = ben.locator("[data-testid=message-theirs]")
    image = theirs.nth(0).locator("[data-testid=message-image]")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", "bridge.webp")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 64  # served to Ben, and decoded
    _attach(ada, "load calcs.pdf", "application/pdf", PDF)
    link = theirs.nth(1).locator("[data-testid=message-file]")
    expect(link).to_contain_text("load calcs.pdf")
    pdf_url, image_url = link.get_attribute("href"), image.get_attribute("src")
    expect(link).to_have_attribute("download", "load calcs.pdf")
    served = ben.request.get(pdf_url)
    assert served.body() == PDF and served.headers["content-disposition"].startswith('attachment; filename="load calcs.pdf"')

    # Eve is signed in and has a collaborator and a file of her own; Ada's files are not found for her.
    eve = new_page(timezone_id="Europe/Paris")
    eve_id, friend_id = user_id(app_engine, person(eve, "Eve")), user_id(app_engine, person(new_page(), "Fay"))
    make_collaborators(app_engine, eve_id, friend_id)
    eve.goto(f"/messages/{friend_id}")
    thread_ready(eve)
    _attach(eve, "mine.pdf", "application/pdf", PDF)
    own = eve.locator("[data-testid=message-mine] [data-testid=message-file]")
    expect(own).to_be_visible()
    assert eve.request.get(own.get_attribute("href")).status == 200
    for url in (pdf_url, image_url):
        assert eve.request.get(url).status == 404

    # Not an image or a PDF: a message beside the composer, and nothing is sent.
    _attach(ada, "run.png", "image/png", b"<html><script>alert(1)</script></html>")
    expect(ada.locator("[data-testid=error-file]")).to_contain_text("That file cannot be sent")
    expect(theirs).to_have_count(2)
    assert ada.errors == [] and ben.errors == [] and eve.errors == []
