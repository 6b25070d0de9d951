"""Messaging's part of the REST API: conversations with collaborators and their messages."""

from engnest.messaging.api.conversations import router

__all__ = ["router"]
