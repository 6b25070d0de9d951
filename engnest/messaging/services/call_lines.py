"""A call's line in the conversation of the two ("Missed video call", "Video call · 3:12"), written when a 1:1 call
finishes (registered with calls' `on_call_finished` in messaging.wiring), in the same transaction.

It is a message of the caller's, stored once per call under the key "call:<call id>" (a typed message's key cannot
contain ":"), so a timer and a hang-up racing write it once; it cannot be edited or deleted, and makes no "new
message" notification (a missed call has its own)."""

from __future__ import annotations

from sqlmodel import Session

from engnest.calls.domain.call_rules import ENDED, MISSED, duration_phrase
from engnest.calls.services.call_core import FinishedCall
from engnest.messaging.services import messages
from engnest.messaging.services.message_rows import CALL_KEY_PREFIX, push_fields
from engnest.messaging.services.message_views import direct_conversation_id
from engnest.platform import events


def line_text(call: FinishedCall) -> str | None:
    """The line for a finished call, or None (declined calls and calls never answered leave no line)."""
    what = "video call" if call.media == "video" else "call"
    if call.status == MISSED:
        return f"Missed {what}"
    if call.status == ENDED and call.answered:
        return f"{what.capitalize()} · {duration_phrase(call.seconds)}"
    return None


def do_record_call(session: Session, call: FinishedCall) -> None:
    text = line_text(call)
    if text is None:
        return
    request = messages.OpenDirect(
        call.caller_id, call.callee_id, direct_conversation_id(session=session, a=call.caller_id, b=call.callee_id)
    )
    conversation_id = messages.do_open_direct(session=session, request=request, now=call.ended_at)
    sent = messages.store_once(
        session=session, conversation_id=conversation_id, sender_id=call.caller_id, body=text,
        client_key=f"{CALL_KEY_PREFIX}{call.call_id}", now=call.ended_at,
    )
    if not sent.created:
        return
    row = sent.message
    payload = {"kind": "message", "id": row.id, "conversation": conversation_id, "from": call.caller_id, "to": call.callee_id,
               **push_fields(row)}
    events.push_after_commit(session, [call.callee_id, call.caller_id], messages.TOPIC, payload)
    if call.status == ENDED:  # both were there: a completed call's line is not news to either
        read = messages.MarkRead(call.callee_id, conversation_id, (call.caller_id,))
        messages.do_mark_read(session=session, request=read, now=call.ended_at, up_to_id=row.id)
