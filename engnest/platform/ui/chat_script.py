"""Telling assets/chat.js what became of a message the page sent (DM threads and rooms share the composer)."""

from __future__ import annotations

import json
import re

import reflex as rx

_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")  # the client key's shape (messaging.domain.messages checks the same)


def refused_script(key: object) -> rx.event.EventSpec | None:
    """The message sent with `key` was refused (its reason shows beside the box): no longer pending, so the page
    does not resend it. Only a well-formed key is quoted into the script."""
    if not isinstance(key, str) or not _KEY.match(key):
        return None
    return rx.call_script(f"window.engnestChat && window.engnestChat.refused({json.dumps(key)})")
