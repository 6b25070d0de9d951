"""Call handlers called as a browser tab would (issue 12): each re-checks the caller's session and lets the service
re-check the call; a signed-in attacker gets nowhere with someone else's call. Pushes drive the ringing tab."""

from __future__ import annotations

import datetime as dt
import json

from call_support import OFFER, collaborators, live_call, person, ring
from factories import NOW, login_token
from sqlmodel import select

from engnest.calls.models import Call
from engnest.calls.services import calls
from engnest.calls.state.call_state import CallState
from state.harness import Tab, assert_signed_in, redirect_target


def msg(**fields) -> str:
    return json.dumps(fields)


def signals(recorder) -> list[dict]:
    return [p.payload for p in recorder.pushes if p.topic == calls.TOPIC and p.payload["kind"] == "signal"]


async def test_a_signed_out_tab_is_sent_to_sign_in(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    tab = Tab(path="/people")
    for handler, raw in [("start", msg(peer=b.id, media="video")), ("accept", msg(call=1)), ("hang_up", msg(call=1)), ("signal", msg(call=1))]:
        assert redirect_target(await tab.call(CallState, handler, raw)).startswith("/signin"), handler
    assert sqlite_session.exec(select(Call)).all() == []


async def test_an_attacker_calls_their_own_collaborator_but_cannot_touch_anyone_elses_call(sqlite_session, recorder):
    victim, friend, attacker, own_peer = (person(sqlite_session) for _ in range(4))
    collaborators(sqlite_session, victim, friend)
    collaborators(sqlite_session, attacker, own_peer)
    tab = Tab(token=login_token(sqlite_session, attacker), path="/people")
    await assert_signed_in(tab, attacker)

    # Allowed on their own data: ringing their own collaborator works, with ICE servers for this call only.
    await tab.call(CallState, "start", msg(peer=own_peer.id, media="video"))
    state = tab.state(CallState)
    assert (state.phase, state.role, state.peer_name) == ("outgoing", "caller", calls.display_name(session=sqlite_session, user_id=own_peer.id))
    assert "iceServers" in json.loads(state.ice)
    own_call = state.call_id
    await tab.call(CallState, "hang_up", msg(call=own_call))
    assert tab.state(CallState).phase == "ended"

    # Someone else's calls: a ringing one and a live one, between the victim and their collaborator.
    ringing = ring(sqlite_session, victim, friend)
    before = [(c.id, c.status, c.answered_at) for c in sqlite_session.exec(select(Call).order_by(Call.id))]
    await tab.call(CallState, "accept", msg(call=ringing.id))
    await tab.call(CallState, "hang_up", msg(call=ringing.id))
    await tab.call(CallState, "start", msg(peer=victim.id, media="video"))  # not collaborators
    assert tab.state(CallState).notice == calls.NOT_COLLABORATORS
    sqlite_session.expire_all()
    assert [(c.id, c.status, c.answered_at) for c in sqlite_session.exec(select(Call).order_by(Call.id))] == before

    calls.hang_up(session=sqlite_session, call_id=ringing.id, me=friend.id, now=NOW)
    sqlite_session.commit()
    live = live_call(sqlite_session, victim, friend)
    recorder.pushes.clear()
    for raw in [msg(call=live.id, type="offer", data=OFFER), msg(call=live.id, type="ice", data={"candidate": "candidate:1"}), "not json", msg(call="1 OR 1=1")]:
        await tab.call(CallState, "signal", raw)
    assert signals(recorder) == []
    sqlite_session.expire_all()
    assert sqlite_session.get(Call, live.id).status == "live"
    await assert_signed_in(tab, attacker)


async def test_the_callee_tab_rings_then_only_the_answering_tab_gets_signals(sqlite_session, recorder):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    caller_tab = Tab(token=login_token(sqlite_session, a), path="/people")
    answering, other = (Tab(token=login_token(sqlite_session, b), path="/") for _ in range(2))
    await caller_tab.call(CallState, "start", msg(peer=b.id, media="video"))
    (ring_push,) = [p for p in recorder.pushes if p.payload.get("kind") == "ring"]
    for tab in (answering, other):
        await tab.state(CallState)._on_call(calls.TOPIC, ring_push.payload)
        assert tab.state(CallState).phase == "incoming"
    call_id = answering.state(CallState).call_id
    await answering.call(CallState, "accept", msg(call=call_id))
    assert answering.state(CallState).phase == "live"
    accepted = next(p for p in recorder.pushes if p.payload.get("kind") == "accepted")
    for tab in (caller_tab, answering, other):
        await tab.state(CallState)._on_call(calls.TOPIC, accepted.payload)
    assert (caller_tab.state(CallState).phase, other.state(CallState).phase) == ("live", "idle")  # answered elsewhere

    await caller_tab.call(CallState, "signal", msg(call=call_id, type="offer", data=OFFER))
    (offer,) = signals(recorder)
    for tab in (answering, other):
        await tab.state(CallState)._on_call(calls.TOPIC, offer)
    inbox = json.loads(answering.state(CallState).inbox)
    assert [(m["n"], m["type"], m["data"]["sdp"]) for m in inbox] == [(1, "offer", OFFER["sdp"])]
    assert other.state(CallState).inbox == "[]"

    await caller_tab.call(CallState, "hang_up", msg(call=call_id))
    ended = [p for p in recorder.pushes if p.payload.get("kind") == "ended"][-1]
    await answering.state(CallState)._on_call(calls.TOPIC, ended.payload)
    assert answering.state(CallState).phase == "ended" and answering.state(CallState).notice.startswith("Video call ended")
    assert answering.state(CallState).ice == "{}"  # the credential is gone from the tab with the call


async def test_a_refused_message_does_not_end_a_call_that_is_still_ringing(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    tab = Tab(token=login_token(sqlite_session, a), path="/people")
    await tab.call(CallState, "start", msg(peer=b.id, media="video"))
    call_id = tab.state(CallState).call_id
    # Muting before the other side answers: the server refuses to relay (not live yet), the call rings on.
    await tab.call(CallState, "signal", msg(call=call_id, type="media", data={"audio": False, "video": True}))
    assert tab.state(CallState).phase == "outgoing"
    assert calls.call_view(session=sqlite_session, call_id=call_id, me=a.id, now=NOW).status == "ringing"


async def test_an_attacker_joins_their_own_meeting_room_but_not_someone_elses(sqlite_session):
    from meeting_support import accepted_meeting, pair

    from engnest.billing.services import credits
    from engnest.calls.services import rooms
    from engnest.calls.state.room_state import MeetingRoomState
    from engnest.platform.clock import utcnow
    from engnest.platform.routes import meeting_url

    s = sqlite_session
    start = utcnow() + dt.timedelta(minutes=5)  # the room is open (it opens 10 minutes before the start)
    (attacker, own_peer), (victim, friend) = pair(s), pair(s)
    for requester in (attacker, victim):
        credits.do_grant(session=s, user_id=requester.id, credits=1, key=f"room:{requester.id}", note="test", now=NOW)
    own = accepted_meeting(s, attacker, own_peer, start=start, minutes=30, kind="online")
    theirs = accepted_meeting(s, victim, friend, start=start, minutes=30, kind="online")

    signed_out = Tab(path=meeting_url(own.id))
    assert redirect_target(await signed_out.call(CallState, "join", msg(meeting=own.id))).startswith("/signin")
    await signed_out.call(MeetingRoomState, "load")
    assert signed_out.state(MeetingRoomState).meeting_id == 0

    tab = Tab(token=login_token(s, attacker), path=meeting_url(own.id))
    await assert_signed_in(tab, attacker)
    await tab.call(MeetingRoomState, "load")  # allowed on their own meeting: the card with its window, open now
    room = tab.state(MeetingRoomState)
    assert (room.meeting_id, room.is_open, room.closes_ms - room.opens_ms) == (own.id, True, 40 * 60 * 1000)
    await tab.call(CallState, "join", msg(meeting=own.id))
    state = tab.state(CallState)
    assert (state.phase, state.role, state.meeting) == ("outgoing", "caller", own.id)
    await tab.call(CallState, "hang_up", msg(call=state.call_id))

    other = Tab(token=login_token(s, attacker), path=meeting_url(theirs.id))
    await other.call(MeetingRoomState, "load")
    assert other.state(MeetingRoomState).meeting_id == 0  # no card on someone else's meeting
    for junk in (theirs.id, str(own.id), None, -1):
        await other.call(CallState, "join", msg(meeting=junk))
        assert other.state(CallState).notice == rooms.NOT_YOURS, junk
    s.expire_all()
    assert s.exec(select(Call).where(Call.meeting_id == theirs.id)).all() == []
    await assert_signed_in(other, attacker)
