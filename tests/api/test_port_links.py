"""`PORT=NNNN make run` without PUBLIC_URL: every link we build points at that port, not at 3000 (issue 18).
The Makefile exports PORT; settings read it."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import icalendar
import pytest
from factories import NOW, make_user
from meeting_support import pair, request

from engnest.billing import checkout
from engnest.billing.payments import provider
from engnest.meetings.services import calendar_feed, meeting_views
from engnest.platform.http import http_app
from engnest.platform.settings import get_settings, reset_settings_cache

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
PORT = "4567"
BASE = f"http://localhost:{PORT}"


@pytest.fixture
def on_port(monkeypatch, session):
    monkeypatch.setenv("PORT", PORT)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    reset_settings_cache()
    yield
    monkeypatch.delenv("PORT")
    reset_settings_cache()


def test_make_run_hands_its_port_to_the_app():
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile", "-f", "-", "show-port"],
        input="show-port:\n\t@echo \"$$PORT\"\n", cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert shown.stdout.strip() == "3000"  # the default is exported too, so settings and reflex agree


def test_links_follow_the_port_when_public_url_is_not_set(session, on_port):
    assert get_settings().public_url == BASE
    a, b = pair(session)
    meeting = request(session, a, b)
    view = meeting_views.meeting_view(session=session, meeting_id=meeting.id, viewer_id=a.id, now=NOW)
    assert view.ics_url == f"{BASE}/calendar/meeting/{meeting.id}.ics"  # "Add to calendar (.ics)"
    [event] = icalendar.Calendar.from_ical(
        calendar_feed.ics_for_meeting(session=session, meeting_id=meeting.id, viewer_id=a.id, now=NOW)
    ).walk("VEVENT")
    assert str(event["url"]) == f"{BASE}/meetings/{meeting.id}"  # the link in calendar apps and e-mails


def test_the_dev_payment_returns_to_the_port(session, on_port):
    user = make_user(session)
    _, url = checkout.buy(
        session=session, user_id=user.id, pack_key="one", provider=provider(), currency="usd",
        success_url="http://localhost:3000/credits?paid=1", cancel_url=f"{BASE}/credits", now=NOW,
    )
    response = TestClient(http_app(), base_url=BASE).get(url, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{BASE}/credits?paid=1"
