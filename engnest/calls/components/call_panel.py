"""The call panel every signed-in page carries: the ring (accept/decline), the call (videos, mute, camera, screen
share, hang up, connection quality) and its summary. It takes vars, never the state; the buttons are wired by
assets/calls.js through `data-call-action`, which needs the camera/microphone before it tells the server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx


@dataclass(frozen=True)
class CallVars:
    phase: rx.Var
    call_id: rx.Var
    role: rx.Var
    media: rx.Var
    peer_name: rx.Var
    notice: rx.Var
    ice: rx.Var
    inbox: rx.Var
    dismiss: Any  # event handler: close the summary
    meeting: rx.Var  # an online meeting's room call (0: a call)


def call_button(peer_id: rx.Var | str, media: str = "video", **props) -> rx.Component:
    """A "Video call" / "Call" button for a person (calls.js takes the click: devices first, then the server)."""
    label, icon = ("Video call", "video") if media == "video" else ("Call", "phone")
    return rx.button(
        rx.icon(icon, size=16), label, size="2", variant="soft", type="button",
        data_call_action="start", data_call_peer=peer_id, data_call_media=media, data_testid=f"call-{media}", **props,
    )


def _action(label: str, icon: str, action: str, color: str = "gray", **props) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=16), rx.text(label, class_name="call-label"), type="button", size="2",
        color_scheme=color, variant="solid" if color in ("red", "green") else "soft",
        data_call_action=action, data_testid=f"call-{action}", **props,
    )


def _videos(v: CallVars) -> rx.Component:
    return rx.box(
        rx.el.video(id="call-remote", auto_play=True, plays_inline=True, data_testid="call-remote-video",
                    style={"width": "100%", "max_height": "60vh", "background": "#111", "border_radius": "8px", "aspect_ratio": "4 / 3"}),
        rx.el.video(id="call-local", auto_play=True, plays_inline=True, muted=True, data_testid="call-local-video",
                    style={"position": "absolute", "right": "8px", "bottom": "8px", "width": "28%", "border_radius": "6px", "background": "#333"}),
        position="relative",
        width="100%",
        display=rx.cond(v.media == "video", "block", "none"),
    )


def _incoming(v: CallVars) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("phone_incoming", size=20),
            rx.text(v.peer_name, rx.cond(v.meeting > 0, " is waiting in your meeting room", " is calling you"), weight="bold"),
            align="center",
        ),
        rx.text(rx.cond(v.media == "video", "Video call", "Audio call"), size="2", color_scheme="gray"),
        rx.hstack(
            _action(rx.cond(v.meeting > 0, "Join", "Accept"), "phone", "accept", "green"),  # type: ignore[arg-type]
            _action("Decline", "phone_off", "decline", "red"),
            spacing="3",
        ),
        spacing="2",
    )


def _in_call(v: CallVars) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(
                rx.cond(v.phase == "outgoing", rx.cond(v.meeting > 0, "Waiting in the meeting room for ", "Calling "), "In a call with "),
                v.peer_name, rx.cond(v.phase == "outgoing", "…", ""), weight="bold",
            ),
            rx.spacer(),
            rx.badge("", id="call-quality", data_testid="call-quality", variant="soft", color_scheme="gray"),
            width="100%",
            align="center",
        ),
        _videos(v),
        rx.text("", id="call-peer-state", size="2", color_scheme="gray", data_testid="call-peer-state", aria_live="polite"),
        rx.hstack(
            _action("Mute", "mic_off", "mute", aria_pressed="false"),
            rx.cond(v.media == "video", _action("Camera off", "video_off", "camera", aria_pressed="false")),
            rx.cond(v.media == "video", _action("Share screen", "monitor_up", "screen", aria_pressed="false")),
            rx.el.select(id="call-devices", aria_label="Camera", data_testid="call-devices", hidden=True,
                         style={"max_width": "12em"}),
            _action(rx.cond(v.phase == "outgoing", "Cancel", "Hang up"), "phone_off", "hangup", "red"),  # type: ignore[arg-type]
            spacing="2",
            wrap="wrap",
        ),
        spacing="2",
        width="100%",
    )


def _ended(v: CallVars) -> rx.Component:
    return rx.hstack(
        rx.icon("phone_off", size=18),
        rx.text(v.notice, data_testid="call-summary"),
        rx.spacer(),
        rx.button("Close", size="1", variant="soft", on_click=v.dismiss, data_testid="call-close"),
        align="center",
        width="100%",
    )


def call_panel(v: CallVars, *, inputs: list[rx.Component]) -> rx.Component:
    """The hidden bridge to calls.js (state -> #call-box data, browser -> `inputs`) and the visible panel."""
    return rx.fragment(
        rx.script(src="/calls.js"),
        *inputs,
        rx.el.div(
            id="call-box", hidden=True,
            data_phase=v.phase, data_call=v.call_id, data_role=v.role, data_media=v.media, data_ice=v.ice, data_inbox=v.inbox,
            data_meeting=v.meeting,
        ),
        # A plain element carries `hidden` (Radix's callout sets its own display, which would show it empty).
        rx.el.div(
            rx.callout(rx.el.span(id="call-error-text"), icon="video_off", color_scheme="amber", role="alert"),
            id="call-error", hidden=True, data_testid="call-error",
            style={"position": "fixed", "bottom": "1em", "left": "1em", "z_index": "60", "max_width": "26em"},
        ),
        rx.cond(
            v.phase != "idle",
            rx.card(
                rx.match(v.phase, ("incoming", _incoming(v)), ("ended", _ended(v)), _in_call(v)),
                position="fixed", bottom="1em", right="1em", z_index="60",
                width=rx.cond(v.phase == "live", "min(640px, calc(100vw - 2em))", "min(360px, calc(100vw - 2em))"),
                box_shadow="var(--shadow-5)",
                data_testid="call-panel", data_phase=v.phase,
                role=rx.cond(v.phase == "incoming", "alertdialog", "region"),
                aria_label="Call",
            ),
        ),
    )
