"""The "Join" card of an online meeting: the room's window and a button calls.js takes (camera first, then the
server). The button is live from 10 minutes before the start to the end (calls.js follows the clock; the server
re-checks). Takes vars, never the state."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx


@dataclass(frozen=True)
class RoomVars:
    meeting_id: rx.Var
    opens: rx.Var
    closes: rx.Var
    opens_ms: rx.Var
    closes_ms: rx.Var
    is_open: rx.Var
    attended: rx.Var


def join_button(v: RoomVars) -> rx.Component:
    return rx.button(
        rx.icon("video", size=16), "Join", size="3", color_scheme="green", type="button",
        disabled=~v.is_open.bool(),
        data_call_action="join", data_call_meeting=v.meeting_id, data_room_opens=v.opens_ms, data_room_closes=v.closes_ms,
        data_testid="meeting-join",
    )


def room_card(v: RoomVars) -> rx.Component:
    return rx.cond(
        v.meeting_id > 0,
        rx.card(
            rx.hstack(
                rx.vstack(
                    rx.text(rx.icon("video", size=14), " Meeting room", weight="bold"),
                    rx.text("Open from ", v.opens, " to ", v.closes, ". Join to start the call with the other participant.",
                            size="2", color_scheme="gray", data_testid="meeting-room-window"),
                    rx.cond(v.attended != "", rx.text(v.attended, size="2", data_testid="meeting-attended")),
                    spacing="1",
                ),
                rx.spacer(),
                join_button(v),
                align="center",
                width="100%",
            ),
            width="100%",
            data_testid="meeting-room",
        ),
    )
