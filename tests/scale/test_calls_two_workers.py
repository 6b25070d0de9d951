"""A call across two backend workers sharing PostgreSQL and Redis (issue 12): Ada's tab lives on worker A, Ben's on
worker B; the ring, the answer and every signalling message cross workers through the push channel, and the two
browsers end up receiving each other's video."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_env
from e2e.flows import sign_in
from factories import make_user
from playwright.sync_api import expect
from sqlmodel import Session

from engnest.network.services import relations
from engnest.platform import routes
from engnest.platform.clock import utcnow

MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
INBOUND_VIDEO = "async () => (await window.engnestCalls.stats()).inboundVideoBytes"


@pytest.fixture(scope="module")
def scale_browser(scale_browser):
    """Fake camera and microphone for this module (same Playwright as the package's browser)."""
    b = scale_browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *MEDIA_ARGS], headless=True, env=chromium_env(),
    )
    yield b
    b.close()


def test_a_call_rings_and_connects_across_workers(scale_stack, scale_page):
    engine = sa.create_engine(scale_stack.db_url)
    try:
        with Session(engine) as s:
            ada = make_user(s, complete=True, first_name="Ada", now=utcnow())
            ben = make_user(s, complete=True, first_name="Ben", now=utcnow())
            relations.do_make_collaborators(session=s, a=ada.id, b=ben.id, now=utcnow())
            s.commit()
            ada_email, ben_email, ben_id = ada.email, ben.email, ben.id
    finally:
        engine.dispose()
    balancer = scale_stack.balancer
    ben_page = scale_page("b")
    sign_in(ben_page, ben_email)
    expect(ben_page.locator("#call-box")).to_be_attached()
    ada_page = scale_page("a")
    sign_in(ada_page, ada_email, next_path=routes.person_url(ben_id))
    expect(ada_page.get_by_test_id("online-dot").first).to_have_attribute("data-online", "yes")
    assert balancer.websockets.get("a", 0) > 0 and balancer.websockets.get("b", 0) > 0

    ada_page.get_by_test_id("call-video").click()
    ben_page.get_by_test_id("call-accept").click()
    for pg in (ada_page, ben_page):
        pg.wait_for_function(f"async () => (await ({INBOUND_VIDEO})()) > 0", polling=100)
    ben_page.get_by_test_id("call-hangup").click()
    expect(ada_page.get_by_test_id("call-summary")).to_contain_text("Video call ended")
