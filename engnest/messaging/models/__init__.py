"""Messaging tables: direct messages."""

from engnest.messaging.models.message import DirectMessage

__all__ = ["DirectMessage"]
