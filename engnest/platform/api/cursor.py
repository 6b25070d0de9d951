"""Opaque pagination cursors: the sort key of the last item a client saw, base64url-encoded JSON.

A cursor only says where the next page starts; every page is still read through the caller's own permissions,
so a forged cursor can skip items but never reveal one the caller may not see."""

from __future__ import annotations

import base64
import binascii
import json

MAX_CURSOR_CHARS = 200


class BadCursor(ValueError):
    pass


def encode(*key: int | str) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, *types: type) -> tuple[int | str, ...]:
    """The key `encode` packed, checked against `types` (one per part); BadCursor for anything else."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise BadCursor("cursor is too long")
    try:
        parts = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("cursor is not one this API gave out") from exc
    if not isinstance(parts, list) or len(parts) != len(types):
        raise BadCursor("cursor is not one this API gave out")
    for part, kind in zip(parts, types, strict=True):
        if type(part) is not kind or (isinstance(part, int) and not 0 <= part < 2**63):
            raise BadCursor("cursor is not one this API gave out")
    return tuple(parts)
