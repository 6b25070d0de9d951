"""Who may call whom, the call's lifecycle, and what the server relays (issue 12). Time is passed in (`now`).
The permission matrix runs on SQLite and PostgreSQL (its queries are the database's); the lifecycle on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from call_support import OFFER, block, collaborators, live_call, person, ring
from factories import NOW
from sqlmodel import select

from engnest.accounts.services import accounts
from engnest.calls.domain import call_rules as rules
from engnest.calls.models import Call, CallParticipant
from engnest.calls.services import calls
from engnest.network.models import Collaboration
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed


def _calls(session) -> int:
    return len(session.exec(select(Call)).all())


def signals_to(recorder, user_id: int) -> list[dict]:
    return [p.payload for p in recorder.pushes if user_id in p.user_ids and p.topic == calls.TOPIC and p.payload["kind"] == "signal"]


def test_collaborators_can_call_and_the_callee_rings(session, recorder):
    a, b = person(session), person(session)
    collaborators(session, a, b)
    view = ring(session, a, b)
    assert (view.status, view.role, view.peer_id, view.media) == ("ringing", "caller", b.id, "video")
    ring_push = [p for p in recorder.pushes if p.topic == calls.TOPIC]
    assert [(p.user_ids, p.payload["kind"]) for p in ring_push] == [((b.id,), "ring")]
    people = session.exec(select(CallParticipant.user_id, CallParticipant.role).where(CallParticipant.call_id == view.id)).all()
    assert sorted(people) == sorted([(a.id, "caller"), (b.id, "callee")])


REFUSED_CALLS = ["stranger", "blocked", "blocked_by_callee", "self", "deleted", "nobody", "junk_id", "bad_media"]


def _try_refused_call(session, case: str) -> None:
    a, b = person(session), person(session)
    collaborators(session, a, b)
    callee, media = b.id, "video"
    if case == "stranger":
        callee = person(session).id
    elif case == "blocked":
        block(session, a, b)
    elif case == "blocked_by_callee":
        block(session, b, a)
    elif case == "self":
        callee = a.id
    elif case == "deleted":
        accounts.do_delete_account(session=session, user=b)
        session.commit()
    elif case == "nobody":
        callee = 999_999
    elif case == "junk_id":
        callee = "2; drop table call"  # type: ignore[assignment]
    elif case == "bad_media":
        media = "hologram"
    with pytest.raises(ValidationFailed):
        calls.start_call(session=session, caller_id=a.id, callee_id=callee, media=media, now=NOW)
    session.rollback()


def test_who_may_not_call_whom(session):
    for case in REFUSED_CALLS:  # one database for every case (each with its own people): the tier stays fast
        _try_refused_call(session, case)
        assert _calls(session) == 0, case


def test_accept_makes_the_call_live_and_tells_both(sqlite_session, recorder):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    view = live_call(sqlite_session, a, b)
    call = sqlite_session.get(Call, view.id)
    assert call.status == "live" and call.answered_at is not None
    accepted = [p for p in recorder.pushes if p.payload.get("kind") == "accepted"]
    assert accepted and set(accepted[0].user_ids) == {a.id, b.id}


def test_only_the_callee_accepts_and_only_while_it_rings(sqlite_session):
    a, b, c = person(sqlite_session), person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    view = ring(sqlite_session, a, b)
    for who in (a.id, c.id):
        with pytest.raises(ValidationFailed):
            calls.accept(session=sqlite_session, call_id=view.id, me=who, now=NOW)
        sqlite_session.rollback()
    later = NOW + dt.timedelta(seconds=rules.RING_SECONDS + 1)
    with pytest.raises(ValidationFailed, match="ended"):  # rang out: nothing to accept
        calls.accept(session=sqlite_session, call_id=view.id, me=b.id, now=later)
    sqlite_session.rollback()
    assert calls.call_view(session=sqlite_session, call_id=view.id, me=b.id, now=later).status == "missed"


def test_a_call_left_ringing_is_missed_and_notifies_the_callee_once(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    view = ring(sqlite_session, a, b)
    later = NOW + dt.timedelta(seconds=rules.RING_SECONDS + 1)
    assert calls.call_view(session=sqlite_session, call_id=view.id, me=b.id, now=later).status == "missed"
    sqlite_session.commit()
    assert calls.call_view(session=sqlite_session, call_id=view.id, me=a.id, now=later).summary == "No answer"
    sqlite_session.commit()
    notes = sqlite_session.exec(select(Notification).where(Notification.user_id == b.id, Notification.kind == "call_missed")).all()
    assert len(notes) == 1 and notes[0].title.startswith("Missed video call from")


def test_the_caller_giving_up_is_a_missed_call_and_the_callee_declining_is_not(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    first = ring(sqlite_session, a, b)
    assert calls.hang_up(session=sqlite_session, call_id=first.id, me=a.id, now=NOW).status == "missed"
    sqlite_session.commit()
    second = ring(sqlite_session, a, b, now=NOW + dt.timedelta(minutes=1))
    declined = calls.hang_up(session=sqlite_session, call_id=second.id, me=b.id, now=NOW + dt.timedelta(minutes=1))
    sqlite_session.commit()
    assert declined.status == "declined" and declined.summary == "You declined the video call"
    assert len(sqlite_session.exec(select(Notification).where(Notification.kind == "call_missed")).all()) == 1


def test_hanging_up_a_live_call_records_its_duration(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    view = live_call(sqlite_session, a, b)
    ended = calls.hang_up(session=sqlite_session, call_id=view.id, me=b.id, now=NOW + dt.timedelta(seconds=3 + 125))
    sqlite_session.commit()
    assert ended.status == "ended" and ended.summary == "Video call ended · 2:05"
    again = calls.hang_up(session=sqlite_session, call_id=view.id, me=a.id, now=NOW + dt.timedelta(minutes=5))
    assert again.summary == "Video call ended · 2:05"  # hanging up twice changes nothing


def test_one_call_at_a_time(session):
    a, b, c = person(session), person(session), person(session)
    collaborators(session, a, b)
    collaborators(session, c, b)
    collaborators(session, a, c)
    ring(session, a, b)
    with pytest.raises(ValidationFailed, match="another call"):
        calls.start_call(session=session, caller_id=c.id, callee_id=b.id, media="audio", now=NOW)
    session.rollback()
    with pytest.raises(ValidationFailed, match="already in a call"):
        calls.start_call(session=session, caller_id=a.id, callee_id=c.id, media="audio", now=NOW)


def test_signals_reach_only_the_other_participant_while_live(sqlite_session, recorder):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    view = live_call(sqlite_session, a, b)
    calls.signal(session=sqlite_session, call_id=view.id, me=a.id, kind="offer", data=OFFER, now=NOW)
    sqlite_session.commit()
    (sent,) = signals_to(recorder, b.id)
    assert sent["type"] == "offer" and sent["data"]["sdp"] == OFFER["sdp"]
    assert signals_to(recorder, a.id) == []


UNRELAYED = ["third_party", "ringing", "ended", "blocked", "no_longer_collaborators", "bad_type", "too_big", "unknown_call"]


def _try_unrelayed_signal(session, recorder, case: str) -> None:
    a, b, c = person(session), person(session), person(session)
    collaborators(session, a, b)
    collaborators(session, c, b)
    view = ring(session, a, b) if case == "ringing" else live_call(session, a, b)
    sender, kind, data, call_id = a.id, "offer", dict(OFFER), view.id
    if case == "third_party":
        sender = c.id
    elif case == "ended":
        calls.hang_up(session=session, call_id=view.id, me=b.id, now=NOW + dt.timedelta(seconds=10))
        session.commit()
    elif case == "blocked":
        block(session, b, a)
    elif case == "no_longer_collaborators":
        for row in session.exec(select(Collaboration).where(Collaboration.user_low_id == min(a.id, b.id), Collaboration.user_high_id == max(a.id, b.id))):
            session.delete(row)
        session.commit()
    elif case == "bad_type":
        kind = "script"
    elif case == "too_big":
        data = {"type": "offer", "sdp": "a" * (rules.MAX_SIGNAL_CHARS + 1)}
    elif case == "unknown_call":
        call_id = view.id + 100
    with pytest.raises(ValidationFailed):
        calls.signal(session=session, call_id=call_id, me=sender, kind=kind, data=data, now=NOW + dt.timedelta(seconds=20))
    session.commit()
    assert signals_to(recorder, b.id) == [] and signals_to(recorder, a.id) == [], case
    if case in ("blocked", "no_longer_collaborators"):
        assert session.get(Call, view.id).status == "ended", case  # the call ends with the relationship
    else:
        session.get(Call, view.id).status = "ended"  # free both for the next case
        session.commit()


def test_nothing_is_relayed_when_it_should_not_be(session, recorder):
    for case in UNRELAYED:
        _try_unrelayed_signal(session, recorder, case)


def test_ice_config_mints_a_turn_credential_per_participant_that_expires(monkeypatch):
    from engnest.calls.domain import turn
    from engnest.platform.settings import reset_settings_cache

    monkeypatch.setenv("TURN_URLS", "turn:127.0.0.1:3478?transport=udp")
    monkeypatch.setenv("TURN_SECRET", "a-test-secret-of-32-characters-x")
    monkeypatch.setenv("TURN_CREDENTIAL_SECONDS", "600")
    monkeypatch.setenv("STUN_URLS", "stun:127.0.0.1:3478")
    reset_settings_cache()
    try:
        cfg = calls.ice_config(user_id=7, call_id=3, now=NOW)
    finally:
        monkeypatch.undo()
        reset_settings_cache()
    stun, relay = cfg["iceServers"]
    assert stun == {"urls": ["stun:127.0.0.1:3478"]}
    assert relay["username"] == f"{int(NOW.timestamp()) + 600}:c3u7"
    assert "a-test-secret" not in repr(cfg)
    secret = "a-test-secret-of-32-characters-x"
    assert turn.is_valid(secret, relay["username"], relay["credential"], now=NOW + dt.timedelta(seconds=599))
    assert not turn.is_valid(secret, relay["username"], relay["credential"], now=NOW + dt.timedelta(seconds=601))
    assert not turn.is_valid("another-secret-of-32-characters-y", relay["username"], relay["credential"], now=NOW)


def test_blocking_ends_a_call_between_the_two_at_once(sqlite_session, recorder):
    a, b, c = person(sqlite_session), person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    collaborators(sqlite_session, c, a)
    view = live_call(sqlite_session, a, b)
    from engnest.network.services import relations

    recorder.pushes.clear()
    relations.block(session=sqlite_session, blocker=b.id, blocked=a.id, now=NOW + dt.timedelta(seconds=30))
    sqlite_session.commit()  # the test is the outermost caller: pushes go out after its commit
    call = sqlite_session.get(Call, view.id)
    assert call.status == "ended" and call.ended_at is not None
    ended = [p for p in recorder.pushes if p.topic == calls.TOPIC and p.payload["kind"] == "ended"]
    assert [set(p.user_ids) for p in ended] == [{a.id, b.id}]  # both browsers drop the connection
    ringing = ring(sqlite_session, c, a, now=NOW + dt.timedelta(minutes=1))  # calls with others are untouched by the block
    assert calls.call_view(session=sqlite_session, call_id=ringing.id, me=a.id, now=NOW + dt.timedelta(minutes=1)).status == "ringing"


def test_deleting_an_account_ends_its_calls(sqlite_session, recorder):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    live_call(sqlite_session, b, a)
    recorder.pushes.clear()
    accounts.do_delete_account(session=sqlite_session, user=a)
    sqlite_session.commit()
    ended = [p for p in recorder.pushes if p.topic == calls.TOPIC and p.payload["kind"] == "ended"]
    assert ended and b.id in ended[0].user_ids
