"""Two people in two Chromium browsers with fake cameras: a video call between collaborators connects and both
sides receive video (RTCPeerConnection.getStats: inbound video bytes grow), mute shows on the other side, hanging
up shows both the summary; and the same call forced through a real coturn (relay-only ICE, server-minted TURN
credentials)."""

from __future__ import annotations

import time

import pytest
from factories import make_user
from playwright.sync_api import Page, expect
from sqlmodel import Session, select
from turn_support import start_coturn

from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_env
from e2e.flows import sign_in
from engnest.calls.models import Call
from engnest.network.services import relations
from engnest.platform import routes
from engnest.platform.clock import utcnow

MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]

INBOUND_VIDEO = "async () => (await window.engnestCalls.stats()).inboundVideoBytes"
REMOTE_PLAYING = """() => { const v = document.getElementById('call-remote');
  return !!v && v.readyState >= 2 && !v.paused && v.videoWidth > 0 && v.currentTime > 0; }"""


@pytest.fixture(scope="module")
def browser(chromium_type):
    """This module's Chromium: fake camera and microphone, granted without a prompt (same Playwright as the package's)."""
    b = chromium_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *MEDIA_ARGS], headless=True, env=chromium_env())
    yield b
    b.close()


@pytest.fixture(scope="module")
def coturn(live_app, tmp_path_factory):
    server = start_coturn(live_app.turn_port, tmp_path_factory.mktemp("coturn"))
    yield server
    server.stop()


def collaborators(engine) -> tuple[str, str, int, int]:
    with Session(engine) as s:
        ada = make_user(s, complete=True, first_name="Ada", last_name="Caller", now=utcnow())
        ben = make_user(s, complete=True, first_name="Ben", last_name="Callee", now=utcnow())
        relations.do_make_collaborators(session=s, a=ada.id, b=ben.id, now=utcnow())
        s.commit()
        return ada.email, ben.email, ada.id, ben.id


def grows(page: Page, expression: str) -> None:
    """Wait until the number `expression` returns has grown (media keeps flowing, not one stray packet)."""
    first = page.evaluate(expression)
    page.wait_for_function(f"async () => (await ({expression})()) > {first}", polling=100)


def connect(new_page, engine, *, relay: bool = False) -> tuple[Page, Page, float]:
    """Ada calls Ben from his page, Ben accepts; returns both pages and the seconds from accept to both sides
    playing the other's video."""
    ada_email, ben_email, _ada_id, ben_id = collaborators(engine)
    ada, ben = new_page(), new_page()
    if relay:
        for pg in (ada, ben):
            pg.add_init_script("window.ENGNEST_ICE_POLICY = 'relay'")
    sign_in(ben, ben_email)
    expect(ben.locator("#call-box")).to_be_attached()  # signed in, the call part (and its heartbeat) mounted
    sign_in(ada, ada_email, next_path=routes.person_url(ben_id))
    expect(ada.get_by_test_id("online-dot").first).to_have_attribute("data-online", "yes")  # Ben's tab is reachable
    ada.get_by_test_id("call-video").click()
    accept = ben.get_by_test_id("call-accept")
    expect(accept).to_be_visible()
    expect(ada.get_by_test_id("call-panel")).to_have_attribute("data-phase", "outgoing")
    started = time.monotonic()
    accept.click()
    for pg in (ada, ben):
        pg.wait_for_function(REMOTE_PLAYING, polling=50)
    setup = time.monotonic() - started
    for pg in (ada, ben):
        pg.wait_for_function(f"async () => (await ({INBOUND_VIDEO})()) > 0", polling=100)
        grows(pg, INBOUND_VIDEO)
    return ada, ben, setup


def test_collaborators_video_call_mute_and_hang_up(new_page, app_engine):
    ada, ben, setup = connect(new_page, app_engine)
    print(f"[calls] accept -> both remote videos playing: {setup * 1000:.0f} ms")
    expect(ada.get_by_test_id("call-panel")).to_have_attribute("data-phase", "live")
    ada.get_by_test_id("call-mute").click()
    expect(ben.get_by_test_id("call-peer-state")).to_have_text("They are muted.")
    ada.get_by_test_id("call-hangup").click()
    for pg in (ada, ben):
        expect(pg.get_by_test_id("call-summary")).to_contain_text("Video call ended · 0:")
    assert ada.errors == [] and ben.errors == []


def test_a_refused_camera_is_explained_and_nobody_is_rung(new_page, app_engine):
    ada_email, _ben_email, ada_id, ben_id = collaborators(app_engine)
    ada = new_page()
    ada.add_init_script(
        "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))"
    )
    sign_in(ada, ada_email, next_path=routes.person_url(ben_id))
    expect(ada.get_by_test_id("call-video")).to_be_visible()
    expect(ada.get_by_test_id("call-error")).to_be_hidden()  # no empty warning box on every page
    ada.get_by_test_id("call-video").click()
    expect(ada.get_by_test_id("call-error")).to_contain_text("EngNest may not use your camera and microphone")
    expect(ada.get_by_test_id("call-panel")).to_have_count(0)
    with Session(app_engine) as s:
        assert s.exec(select(Call).where(Call.started_by == ada_id)).all() == []


def test_a_relay_only_call_goes_through_coturn(new_page, app_engine, coturn):
    ada, ben, setup = connect(new_page, app_engine, relay=True)
    print(f"[calls] relay-only: accept -> both remote videos playing: {setup * 1000:.0f} ms")
    for pg in (ada, ben):
        assert pg.evaluate("async () => (await window.engnestCalls.stats()).relay") is True
    ada.get_by_test_id("call-hangup").click()
    expect(ben.get_by_test_id("call-summary")).to_contain_text("Video call ended")
