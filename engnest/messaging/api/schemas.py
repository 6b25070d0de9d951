"""What the conversation endpoints publish and accept, built from messaging's own views field by field."""

from __future__ import annotations

from pydantic import BaseModel, Field

from engnest.messaging.domain.messages import MAX_LENGTH
from engnest.messaging.services.message_rows import ConversationSummary, MessageRow
from engnest.platform.api.schemas import Utc
from engnest.platform.domain.user_text import BIDI_CONTROLS

# At least one character that stays after the messaging rules strip spaces, control and bidi characters.
VISIBLE = "[^\\s\\x00-\\x1f\\x7f-\\x9f" + "".join(f"\\u{ord(c):04x}" for c in BIDI_CONTROLS) + "]"


class MessagePublic(BaseModel):
    id: int
    conversation_id: int
    sender_id: int
    body: str
    created_at: Utc
    edited_at: Utc | None = None  # the sender edited the text
    deleted_at: Utc | None = None  # the sender deleted it: the body is empty

    @classmethod
    def of(cls, m: MessageRow) -> MessagePublic:
        return cls(
            id=m.id, conversation_id=m.conversation_id, sender_id=m.sender_id, body=m.body, created_at=m.created_at,
            edited_at=m.edited_at, deleted_at=m.deleted_at,
        )


class ConversationPublic(BaseModel):
    peer_id: int
    peer_name: str
    last: MessagePublic | None
    unread: int

    @classmethod
    def of(cls, c: ConversationSummary) -> ConversationPublic:
        return cls(peer_id=c.peer.id, peer_name=c.peer.name, last=MessagePublic.of(c.last) if c.last else None, unread=c.unread)


class MessageCreate(BaseModel):
    body: str = Field(min_length=1, max_length=MAX_LENGTH, pattern=VISIBLE, description="Plain text; links become clickable in the app.")


class MessageSent(MessagePublic):
    created: bool = Field(description="False when this Idempotency-Key had already sent the message.")
