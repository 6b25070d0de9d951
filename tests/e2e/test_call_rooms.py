"""Calls beyond the ring (issue 12): both people join an online meeting from its page at its time and land in the
same call; a call started from the conversation and given up leaves "Missed video call" in both threads, live; a
computer without a camera (Chromium's fake devices with no video device) joins a video call with audio only and
still sees the other person."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_user
from meeting_support import accepted_meeting
from playwright.sync_api import expect
from sqlmodel import Session

from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_env
from e2e.flows import sign_in
from e2e.test_calls import INBOUND_VIDEO, MEDIA_ARGS, REMOTE_PLAYING, browser, collaborators, grows  # noqa: F401
from engnest.billing.services import credits
from engnest.platform import routes
from engnest.platform.clock import utcnow

INBOUND_AUDIO = "async () => (await window.engnestCalls.stats()).inboundAudioBytes"
NO_CAMERA_ARGS = [a for a in MEDIA_ARGS if not a.startswith("--use-fake-device")] + ["--use-fake-device-for-media-stream=device-count=0"]


@pytest.fixture(scope="module")
def camera_less(chromium_type, live_app):
    """Pages in a Chromium whose fake devices are microphones only (getUserMedia with video: NotFoundError)."""
    b = chromium_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *NO_CAMERA_ARGS], headless=True, env=chromium_env())
    contexts = []

    def _open():
        ctx = b.new_context(timezone_id="Europe/London", locale="en-GB", base_url=live_app.url, viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(45_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield _open
    for ctx in contexts:
        ctx.close()
    b.close()


def online_meeting(engine, *, starts_in: dt.timedelta):
    """An accepted online meeting between two new people, starting `starts_in` from now (the app's clock)."""
    with Session(engine) as s:
        ada = make_user(s, complete=True, first_name="Ada", last_name="Host", now=utcnow())
        ben = make_user(s, complete=True, first_name="Ben", last_name="Guest", now=utcnow())
        credits.do_grant(session=s, user_id=ada.id, credits=1, key=f"e2e-room:{ada.id}", note="test", now=utcnow())
        s.commit()
        m = accepted_meeting(s, ada, ben, start=utcnow() + starts_in, minutes=30, kind="online")
        return ada.email, ben.email, ada.id, m.id


def test_both_join_an_online_meeting_from_its_page_and_land_in_one_call(new_page, app_engine):
    ada_email, ben_email, ada_id, meeting_id = online_meeting(app_engine, starts_in=dt.timedelta(minutes=5))
    ada, ben = new_page(), new_page()
    sign_in(ada, ada_email, next_path=routes.meeting_url(meeting_id))
    expect(ada.get_by_test_id("meeting-room-window")).to_be_visible()
    ada.get_by_test_id("meeting-join").click()
    expect(ada.get_by_test_id("call-panel")).to_have_attribute("data-phase", "outgoing")
    expect(ada.get_by_test_id("call-panel")).to_contain_text("Waiting in the meeting room for Ben Guest")
    sign_in(ben, ben_email, next_path=routes.meeting_url(meeting_id))
    ben.get_by_test_id("meeting-join").click()
    for pg in (ada, ben):
        expect(pg.get_by_test_id("call-panel")).to_have_attribute("data-phase", "live")
        pg.wait_for_function(REMOTE_PLAYING, polling=50)
        grows(pg, INBOUND_VIDEO)
    ada.get_by_test_id("call-hangup").click()
    for pg in (ada, ben):
        expect(pg.get_by_test_id("call-summary")).to_contain_text("Video call ended · 0:")
    ben.goto(routes.thread_url(ada_id))
    expect(ben.get_by_test_id("call-line")).to_contain_text("Video call · 0:")
    assert ada.errors == [] and ben.errors == []


def test_a_room_before_its_window_offers_no_live_join(new_page, app_engine):
    ada_email, _ben_email, _ada_id, meeting_id = online_meeting(app_engine, starts_in=dt.timedelta(hours=3))
    ada = new_page()
    sign_in(ada, ada_email, next_path=routes.meeting_url(meeting_id))
    expect(ada.get_by_test_id("meeting-join")).to_be_disabled()


def test_a_call_from_the_conversation_given_up_shows_missed_in_both_threads(new_page, app_engine):
    ada_email, ben_email, ada_id, ben_id = collaborators(app_engine)
    ada, ben = new_page(), new_page()
    sign_in(ben, ben_email, next_path=routes.thread_url(ada_id))
    expect(ben.get_by_test_id("thread-peer-name")).to_have_text("Ada Caller")
    sign_in(ada, ada_email, next_path=routes.thread_url(ben_id))
    expect(ada.get_by_test_id("thread-peer-activity")).to_have_text("Online")
    ada.get_by_test_id("call-video").click()
    expect(ben.get_by_test_id("call-accept")).to_be_visible()
    ada.get_by_test_id("call-hangup").click()  # nobody answered: Ada gives up
    for pg in (ada, ben):
        expect(pg.get_by_test_id("call-line")).to_contain_text("Missed video call")
    expect(ada.get_by_test_id("call-summary")).to_have_text("No answer")
    expect(ben.get_by_test_id("call-summary")).to_have_text("Missed video call")


def test_without_a_camera_a_video_call_goes_ahead_with_audio_only(new_page, camera_less, app_engine):
    ada_email, ben_email, _ada_id, ben_id = collaborators(app_engine)
    ada, ben = new_page(), camera_less()
    sign_in(ben, ben_email)
    expect(ben.locator("#call-box")).to_be_attached()
    sign_in(ada, ada_email, next_path=routes.person_url(ben_id))
    expect(ada.get_by_test_id("online-dot").first).to_have_attribute("data-online", "yes")
    ada.get_by_test_id("call-video").click()
    ben.get_by_test_id("call-accept").click()
    expect(ben.get_by_test_id("call-error")).to_contain_text("No camera found: you are on audio only")
    expect(ben.get_by_test_id("call-panel")).to_have_attribute("data-phase", "live")
    ben.wait_for_function(REMOTE_PLAYING, polling=50)  # Ben still sees Ada
    grows(ben, INBOUND_VIDEO)
    ada.wait_for_function(f"async () => (await ({INBOUND_AUDIO})()) > 0", polling=100)
    grows(ada, INBOUND_AUDIO)  # and Ada hears Ben
    assert ben.evaluate("async () => (await window.engnestCalls.stats()).audioOnly") is True
    expect(ada.get_by_test_id("call-peer-state")).to_have_text("They are camera off.")
    ada.get_by_test_id("call-hangup").click()
    expect(ben.get_by_test_id("call-summary")).to_contain_text("Video call ended")
    assert ada.errors == [] and ben.errors == []
