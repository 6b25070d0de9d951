"""The meeting room card wired to its state, for the online meeting's page (engnest.meetings.pages.detail_page)."""

from __future__ import annotations

import reflex as rx

from engnest.calls.components.room_card import RoomVars, room_card
from engnest.calls.state.room_state import MeetingRoomState

S = MeetingRoomState
LOAD = S.load


def meeting_room_card() -> rx.Component:
    return room_card(RoomVars(S.meeting_id, S.opens, S.closes, S.opens_ms, S.closes_ms, S.is_open, S.attended))
