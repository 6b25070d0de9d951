"""Calls' registrations with the web layer (loaded by engnest.features.load_web): the call panel on every signed-in
page (so a call rings in every open tab, whatever page it shows)."""

from __future__ import annotations

import reflex as rx

from engnest.calls.components.call_panel import CallVars, call_panel
from engnest.calls.state.call_state import CallState
from engnest.platform.ui import shell

S = CallState


def _bridge(name: str, handler) -> rx.Component:
    """A hidden input calls.js writes a JSON message into; its `input` event calls `handler` with the text."""
    return rx.el.input(id=f"call-in-{name}", type="text", hidden=True, aria_hidden="true", tab_index=-1, on_change=handler)


def call_part() -> rx.Component:
    v = CallVars(S.phase, S.call_id, S.role, S.media, S.peer_name, S.notice, S.ice, S.inbox, S.dismiss, S.meeting)
    inputs = [
        _bridge("start", S.start), _bridge("join", S.join), _bridge("accept", S.accept), _bridge("hangup", S.hang_up),
        _bridge("signal", S.signal),
    ]
    return call_panel(v, inputs=inputs)


shell.register_signed_in_part(call_part)
