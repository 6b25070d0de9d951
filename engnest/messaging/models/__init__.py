"""Messaging tables: conversations, their members, and messages."""

from engnest.messaging.models.conversation import DIRECT, Conversation, ConversationMember, Message

__all__ = ["DIRECT", "Conversation", "ConversationMember", "Message"]
