"""Pseudonyms: how a person appears in community spaces to people who have not met them. Pure.

Either a chosen handle (the caller also checks it with the redactor for the person's own names and contact
details) or a generated one, "Structural engineer · Leeds · #4821": discipline and city are already on an
anonymised card, and the number tells two people with the same ones apart.
"""

from __future__ import annotations

import re

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean

HANDLE_MIN, HANDLE_MAX = 3, 40
_HANDLE = re.compile(r"^[\w][\w .'-]*$", re.UNICODE)
HAS_NAME = "A handle cannot contain your name or contact details; choose another."


def generated(discipline_label: str, city: str, number: int) -> str:
    """'Structural engineer · Leeds · #4821' (number 0..9999); parts that are unknown are left out."""
    who = f"{discipline_label} engineer" if discipline_label and discipline_label != "Other" else "Engineer"
    parts = [who, *([city] if city else []), f"#{number % 10000:04d}"]
    return " · ".join(parts)


def check_handle(value: object) -> str:
    """The shape of a chosen handle (the redactor check is the service's, it needs the profile)."""
    if not isinstance(value, str):
        raise ValidationFailed(handle="A handle must be text.")
    handle = " ".join(clean(value).split())
    if not HANDLE_MIN <= len(handle) <= HANDLE_MAX:
        raise ValidationFailed(handle=f"A handle has {HANDLE_MIN} to {HANDLE_MAX} characters.")
    if not _HANDLE.match(handle) or "#" in handle or "·" in handle:
        raise ValidationFailed(handle="Use letters, digits, spaces and . ' - _ in a handle.")
    return handle


def handle_key(handle: str) -> str:
    """Uniqueness key: case and spacing do not make a different handle."""
    return re.sub(r"[\s._'-]+", "", handle.casefold())
