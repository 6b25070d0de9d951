"""Pure call rules: the call's lifecycle, what a signalling message may carry, and how long things last.

No clock here: every function that needs the time takes `now`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engnest.platform.domain.timezones import ensure_aware_utc

RINGING, LIVE, ENDED, MISSED, DECLINED = "ringing", "live", "ended", "missed", "declined"
OPEN = frozenset({RINGING, LIVE})
MEDIA = frozenset({"video", "audio"})
RING_SECONDS = 45  # an unanswered call stops ringing (and counts as missed) after this long
MAX_CALL_HOURS = 6  # a live call nobody hung up (both tabs closed) counts as ended after this long
ROOM_OPENS_MINUTES = 10  # an online meeting's room opens this long before its start and closes at its end
ROOM_NOT_YET = "The meeting room opens 10 minutes before the start."
ROOM_CLOSED = "This meeting has ended; its room is closed."

# What one browser may send the other through the server: the session description (offer/answer), its network
# candidates (ice) and whether its microphone/camera are on (media). Anything else is refused.
SIGNAL_TYPES = frozenset({"offer", "answer", "ice", "media"})
MAX_SIGNAL_CHARS = 20_000  # an SDP with audio+video and a screen share stays well under this


@dataclass(frozen=True)
class Signal:
    type: str
    data: dict[str, object]


def effective_status(
    status: str, *, created_at: dt.datetime, now: dt.datetime, answered_at: dt.datetime | None = None, rings_out: bool = True
) -> str:
    """A call left ringing longer than RING_SECONDS is missed, and one live for longer than MAX_CALL_HOURS ended,
    whether or not anyone wrote that down yet. A meeting room's call (`rings_out` False) waits for the other
    participant until the room closes (its timer writes that down)."""
    if status == RINGING and rings_out and (now - ensure_aware_utc(created_at)).total_seconds() > RING_SECONDS:
        return MISSED
    if status == LIVE and (now - ensure_aware_utc(answered_at or created_at)).total_seconds() > MAX_CALL_HOURS * 3600:
        return ENDED
    return status


def ring_out_at(created_at: dt.datetime) -> dt.datetime:
    """When the server writes an unanswered call down as missed (a second after the browsers give up)."""
    return ensure_aware_utc(created_at) + dt.timedelta(seconds=RING_SECONDS + 1)


def room_refusal(*, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> str | None:
    """Why an online meeting's room cannot be joined at `now` (None: it is open, from ROOM_OPENS_MINUTES before
    the start to the end)."""
    if now < ensure_aware_utc(starts_at) - dt.timedelta(minutes=ROOM_OPENS_MINUTES):
        return ROOM_NOT_YET
    if now >= ensure_aware_utc(ends_at):
        return ROOM_CLOSED
    return None


def parse_signal(kind: object, data: object, *, size: int) -> Signal | None:
    """The signal if it is one the other browser may receive, else None (unknown type, wrong shape, too big)."""
    if not isinstance(kind, str) or kind not in SIGNAL_TYPES or not isinstance(data, dict) or size > MAX_SIGNAL_CHARS:
        return None
    if kind in ("offer", "answer"):
        if data.get("type") != kind or not isinstance(data.get("sdp"), str):
            return None
        return Signal(kind, {"type": kind, "sdp": data["sdp"]})
    if kind == "ice":
        cand = data.get("candidate")
        if not isinstance(cand, str):
            return None
        mid, index = data.get("sdpMid"), data.get("sdpMLineIndex")
        return Signal(kind, {
            "candidate": cand,
            "sdpMid": mid if isinstance(mid, str) else None,
            "sdpMLineIndex": index if isinstance(index, int) and not isinstance(index, bool) else None,
        })
    return Signal(kind, {"audio": data.get("audio") is not False, "video": data.get("video") is not False})


def duration_seconds(answered_at: dt.datetime | None, ended_at: dt.datetime | None) -> int:
    if answered_at is None or ended_at is None:
        return 0
    return max(0, int((ensure_aware_utc(ended_at) - ensure_aware_utc(answered_at)).total_seconds()))


def duration_phrase(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def summary(status: str, media: str, *, seconds: int, mine: bool) -> str:
    """One line for the end of a call, as the person it is shown to sees it (`mine`: they started it)."""
    what = "video call" if media == "video" else "call"
    if status == ENDED:
        return f"{what.capitalize()} ended · {duration_phrase(seconds)}"
    if status == DECLINED:
        return "Call declined" if mine else f"You declined the {what}"
    if status == MISSED:
        return "No answer" if mine else f"Missed {what}"
    return ""
