"""Messaging tables: conversations, their members, messages, and their attachments."""

from engnest.messaging.models.attachment import MessageAttachment
from engnest.messaging.models.conversation import DIRECT, Conversation, ConversationMember, Message

__all__ = ["DIRECT", "Conversation", "ConversationMember", "Message", "MessageAttachment"]
