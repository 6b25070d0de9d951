"""User text at the input boundary: what every service stores is first passed through `clean`.

Bidirectional formatting characters are invisible and reorder what is shown around them: with U+202E
(right-to-left override) a link ending in "gnp.exe" displays as "exe.png". They are removed from names,
pitches, projects, skills, links, cities, meeting messages, reviews and direct messages, together with
control characters (C0 except tab and newlines, DEL, C1). Letters keep their own direction, so Arabic or
Hebrew text still reads right-to-left without them.
"""

from __future__ import annotations

import re

from engnest.platform.domain.errors import ValidationFailed

# U+061C ALM, U+200E LRM, U+200F RLM, U+202A-U+202E embeddings/overrides, U+2066-U+2069 isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")

NOT_TEXT = "This field must be text."


def clean(text: str) -> str:
    """`text` without bidirectional formatting or control characters (tabs and line breaks stay)."""
    return _UNSAFE.sub("", text)


def require_text(**fields: object) -> None:
    """Refuse values that are not strings (`None`, numbers, lists…) field by field, before anything is
    stored: a client can send any JSON type, and `str(None)` would be stored as "None"."""
    wrong = {name: NOT_TEXT for name, value in fields.items() if not isinstance(value, str)}
    if wrong:
        raise ValidationFailed(wrong)
