"""Parsing ids that arrive from the browser (any type, any size)."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # fits every integer primary key on SQLite and PostgreSQL


def parse_id(value: object) -> int | None:
    """A positive database id, or None for anything else (junk, negatives, huge numbers, bools)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 10:
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_ID else None
