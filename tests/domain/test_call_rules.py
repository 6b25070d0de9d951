"""Pure call rules: ringing runs out, what a signal may carry, TURN REST credentials (coturn's scheme)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

import pytest

from engnest.calls.domain import call_rules as rules
from engnest.calls.domain import turn

T0 = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


def test_a_ringing_call_is_missed_after_the_ring_time_and_a_forgotten_live_call_ends():
    assert rules.effective_status("ringing", created_at=T0, now=T0 + dt.timedelta(seconds=rules.RING_SECONDS)) == "ringing"
    assert rules.effective_status("ringing", created_at=T0, now=T0 + dt.timedelta(seconds=rules.RING_SECONDS + 1)) == "missed"
    long = T0 + dt.timedelta(hours=rules.MAX_CALL_HOURS, seconds=1)
    assert rules.effective_status("live", created_at=T0, answered_at=T0, now=long) == "ended"
    assert rules.effective_status("live", created_at=T0, answered_at=T0, now=T0 + dt.timedelta(hours=1)) == "live"
    naive = T0.replace(tzinfo=None)  # SQLite hands back naive UTC
    assert rules.effective_status("ringing", created_at=naive, now=T0 + dt.timedelta(minutes=5)) == "missed"


def test_signals_keep_only_what_webrtc_needs():
    assert rules.parse_signal("offer", {"type": "offer", "sdp": "v=0", "x": 1}, size=20) == rules.Signal("offer", {"type": "offer", "sdp": "v=0"})
    assert rules.parse_signal("ice", {"candidate": "candidate:1", "sdpMid": "0", "sdpMLineIndex": 0, "evil": "<b>"}, size=40).data == {
        "candidate": "candidate:1", "sdpMid": "0", "sdpMLineIndex": 0,
    }
    assert rules.parse_signal("media", {"audio": False}, size=10).data == {"audio": False, "video": True}
    for bad in [("answer", {"type": "offer", "sdp": "v=0"}), ("ice", {"candidate": 5}), ("exec", {}), ("offer", "v=0"), (None, {})]:
        assert rules.parse_signal(*bad, size=10) is None, bad
    assert rules.parse_signal("offer", {"type": "offer", "sdp": "v=0"}, size=rules.MAX_SIGNAL_CHARS + 1) is None


@pytest.mark.parametrize(("status", "mine", "expected"), [
    ("ended", True, "Video call ended · 1:05:09"),
    ("declined", True, "Call declined"),
    ("declined", False, "You declined the video call"),
    ("missed", True, "No answer"),
    ("missed", False, "Missed video call"),
])
def test_summary_lines(status, mine, expected):
    assert rules.summary(status, "video", seconds=3909, mine=mine) == expected


def test_turn_credentials_follow_the_rest_api_scheme_and_expire():
    cred = turn.mint("s3cret-s3cret-s3cret", "c1u2", now=T0, ttl_seconds=300)
    expected_user = f"{int(T0.timestamp()) + 300}:c1u2"
    assert cred.username == expected_user
    # What coturn computes from static-auth-secret (base64 of HMAC-SHA1 over the username):
    assert cred.credential == base64.b64encode(hmac.new(b"s3cret-s3cret-s3cret", expected_user.encode(), hashlib.sha1).digest()).decode()
    assert cred.expires_at == T0 + dt.timedelta(seconds=300)
    assert turn.is_valid("s3cret-s3cret-s3cret", cred.username, cred.credential, now=T0 + dt.timedelta(seconds=300))
    assert not turn.is_valid("s3cret-s3cret-s3cret", cred.username, cred.credential, now=T0 + dt.timedelta(seconds=301))
    with pytest.raises(ValueError):
        turn.mint("", "c1u2", now=T0, ttl_seconds=300)
    with pytest.raises(ValueError):
        turn.mint("secret", "a:b", now=T0, ttl_seconds=300)


def test_ice_servers_leave_turn_out_without_a_credential():
    assert turn.ice_servers(stun_urls=["stun:s:3478"], turn_urls=["turn:t:3478"], credential=None) == [{"urls": ["stun:s:3478"]}]
    assert turn.ice_servers(stun_urls=[], turn_urls=[], credential=None) == []


def test_a_meeting_room_is_open_from_ten_minutes_before_the_start_to_the_end():


    start = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.timezone.utc)  # the night the UK moves its clocks
    end = start + dt.timedelta(minutes=45)
    at = lambda minutes: start + dt.timedelta(minutes=minutes)  # noqa: E731
    assert rules.room_refusal(starts_at=start, ends_at=end, now=at(-10.01)) == rules.ROOM_NOT_YET
    assert rules.room_refusal(starts_at=start, ends_at=end, now=at(-10)) is None
    assert rules.room_refusal(starts_at=start, ends_at=end, now=at(44.99)) is None
    assert rules.room_refusal(starts_at=start, ends_at=end, now=end) == rules.ROOM_CLOSED


def test_a_meeting_rooms_call_waits_instead_of_ringing_out():


    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    later = t0 + dt.timedelta(seconds=rules.RING_SECONDS + 1)
    assert rules.effective_status(rules.RINGING, created_at=t0, now=later) == rules.MISSED
    assert rules.effective_status(rules.RINGING, created_at=t0, now=later, rings_out=False) == rules.RINGING
    assert rules.ring_out_at(t0) == later
