"""The "is typing" signal of a conversation: pushed to the other members' open tabs, never stored."""

from __future__ import annotations

from sqlmodel import Session

from engnest.messaging.services.message_views import access
from engnest.messaging.services.messages import TOPIC
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed

TYPING_LIMIT = "30/minute"


def signal_typing(*, session: Session, sender_id: int, conversation_id: int) -> bool:
    """Tell the other members' open tabs that the sender is typing (not stored). Members who may write only."""
    try:
        grant = access(session=session, me=sender_id, conversation_id=conversation_id)
    except ValidationFailed:
        return False
    if not throttle.hit(TYPING_LIMIT, "dm-typing", str(sender_id)):
        return False
    others = grant.others(sender_id)
    to = others[0] if len(others) == 1 else None
    events.dispatch(events.Push(others, TOPIC, {"kind": "typing", "conversation": conversation_id, "from": sender_id, "to": to}))
    return True
