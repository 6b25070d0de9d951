"""CallState: the call in this tab (ringing, live, its summary), driven by the browser (assets/calls.js) and by
"call" pushes.

The browser talks to the handlers through hidden inputs whose value is a small JSON object (calls.js sets it and
fires `input`); each handler re-resolves the caller from the session cookie and lets the service re-check the rest
(participant, call still open, still collaborators, no block). Signalling for the other browser arrives by push
and is handed to calls.js through `inbox` (a JSON list, numbered, so each message is applied once).

Only the tab that started or answered a call handles it (`_handling`): the callee's other tabs ring until one
answers, then go quiet."""

from __future__ import annotations

import json

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.calls.domain import call_rules as rules
from engnest.calls.services import calls, rooms
from engnest.calls.services.calls import CallView
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

INBOX_KEEP = 60  # signalling messages kept for the browser (a call set-up sends a handful plus ICE candidates)
MAX_RAW = rules.MAX_SIGNAL_CHARS + 500


def _parse(raw: object) -> dict:
    if not isinstance(raw, str) or len(raw) > MAX_RAW:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class CallState(rx.State):
    phase: str = "idle"  # idle | outgoing | incoming | live | ended
    call_id: int = 0
    role: str = ""  # caller | callee
    media: str = "video"
    peer_name: str = ""
    notice: str = ""  # the call's summary, or why it could not start
    ice: str = "{}"  # this participant's ICE servers (a TURN credential that expires) and policy, for calls.js
    inbox: str = "[]"  # signalling from the other browser: [{"n": seq, "type": ..., "data": ...}]
    meeting: int = 0  # an online meeting's room call: the caller waits for the other participant (no ring-out)

    _handling: bool = False
    _me: int = 0
    _seq: int = 0
    _signals: list[dict] = []

    def _show(self, view: CallView, phase: str) -> None:
        self.call_id, self.role, self.media, self.peer_name, self.phase = view.id, view.role, view.media, view.peer_name, phase
        self.meeting = view.meeting_id

    def _reset(self, phase: str = "idle", notice: str = "") -> None:
        self.phase, self.notice, self.ice, self.inbox = phase, notice, "{}", "[]"
        self._handling, self._signals = False, []
        if phase == "idle":
            self.call_id, self.role, self.peer_name, self.meeting = 0, "", "", 0

    async def _user(self):
        user = await caller(self)
        if user is not None:
            self._me = user.id
        return user

    async def _ice_for(self, user_id: int, call_id: int) -> str:
        return json.dumps(calls.ice_config(user_id=user_id, call_id=call_id, now=utcnow()))

    # --- from the browser -----------------------------------------------------------------------------------------

    @rx.event
    async def start(self, raw: str):
        """{"peer": user id, "media": "video" | "audio"}: ring a collaborator."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if self.phase in ("outgoing", "live") and self._handling:
            return None  # this tab is in a call already (its panel shows it)
        msg = _parse(raw)
        try:
            view = await in_session(calls.start_call, caller_id=user.id, callee_id=msg.get("peer"), media=msg.get("media"), now=utcnow())
        except ValidationFailed as exc:
            self._reset("ended", exc.first())  # shown in the panel; the browser lets go of its camera
            self.call_id = 0
            return None
        self._reset("outgoing")
        self._show(view, "outgoing")
        self._handling = True
        self.ice = await self._ice_for(user.id, view.id)
        return None

    @rx.event
    async def join(self, raw: str):
        """{"meeting": id}: join an online meeting's room (answers the other participant if they are waiting)."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if self.phase in ("outgoing", "live") and self._handling:
            return None
        try:
            view = await in_session(rooms.join_room, meeting_id=_parse(raw).get("meeting"), me=user.id, now=utcnow())
        except ValidationFailed as exc:
            self._reset("ended", exc.first())
            self.call_id = 0
            return None
        phase = "live" if view.status == rules.LIVE else "outgoing"
        self._reset(phase)
        self._show(view, phase)
        self._handling = True
        self.ice = await self._ice_for(user.id, view.id)
        return None

    @rx.event
    async def accept(self, raw: str):
        """{"call": id}: answer in this tab (the browser has the camera/microphone already)."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        try:
            view = await in_session(calls.accept, call_id=_parse(raw).get("call"), me=user.id, now=utcnow())
        except ValidationFailed as exc:
            self._reset("ended", exc.first())
            return None
        self._reset("live")
        self._show(view, "live")
        self._handling = True
        self.ice = await self._ice_for(user.id, view.id)
        return None

    @rx.event
    async def hang_up(self, raw: str):
        """{"call": id}: hang up, cancel a call that is still ringing, or decline one ringing here."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        try:
            view = await in_session(calls.hang_up, call_id=_parse(raw).get("call"), me=user.id, now=utcnow())
        except ValidationFailed as exc:
            self._reset("ended", exc.first())
            return None
        self._reset("ended", view.summary)
        return None

    @rx.event
    async def signal(self, raw: str):
        """{"call": id, "type": "offer" | "answer" | "ice" | "media", "data": {...}}: relay to the other browser."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        msg = _parse(raw)
        try:
            await in_session(calls.signal, call_id=msg.get("call"), me=user.id, kind=msg.get("type"), data=msg.get("data"), now=utcnow())
        except ValidationFailed as exc:
            if msg.get("call") == self.call_id and self._handling:  # this tab's call: did it end? (else: a bad message)
                view = await in_session(calls.call_view, call_id=self.call_id, me=user.id, now=utcnow())
                if view is None or view.status not in rules.OPEN:
                    self._reset("ended", view.summary if view and view.summary else exc.first())
        return None

    @rx.event
    def dismiss(self):
        """Close the summary card."""
        if self.phase == "ended":
            self._reset("idle")

    # --- pushes ---------------------------------------------------------------------------------------------------

    async def _on_call(self, topic: str, payload: dict) -> None:
        kind, call_id = payload.get("kind"), payload.get("call")
        if kind == "ring":
            if self.phase in ("outgoing", "live", "incoming") or not isinstance(payload.get("to"), int):
                return
            view = await in_session(calls.call_view, call_id=call_id, me=payload["to"], now=utcnow())
            if view is not None and view.status == rules.RINGING and view.role == "callee":
                self._reset("incoming")
                self._show(view, "incoming")
                self._me = payload["to"]
            return
        if call_id != self.call_id or not call_id:
            return
        if kind == "accepted":
            if self._handling and self.role == "caller":
                self.phase = "live"
            elif not self._handling:
                self._reset("idle")  # answered in another tab
        elif kind == "ended":
            view = await in_session(calls.call_view, call_id=call_id, me=self._me, now=utcnow()) if self._me else None
            self._reset("ended", view.summary if view else "")
        elif kind == "signal" and self._handling and self.phase == "live":
            self._seq += 1
            self._signals = [*self._signals, {"n": self._seq, "type": payload.get("type"), "data": payload.get("data")}][-INBOX_KEEP:]
            self.inbox = json.dumps(self._signals)


realtime.subscribe(calls.TOPIC, CallState, "_on_call")
