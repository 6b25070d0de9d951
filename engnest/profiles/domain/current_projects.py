"""A person's current projects as their profile and cards show them (pure). The projects feature owns the
projects; it hands the profile this short copy of the ones the person owns whenever one changes, so profiles,
cards, search and suggestions read one column instead of the projects tables (which sit in a higher layer)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SHOWN_MAX = 10  # a card lists at most this many (the newest ones, oldest first)


@dataclass(frozen=True)
class CurrentProject:
    id: int
    title: str
    description: str
    wants: tuple[str, ...] = ()

    def stored(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "description": self.description, "wants": list(self.wants)}


def from_stored(rows: Iterable[Any] | None) -> list[CurrentProject]:
    """The stored copy as values; anything malformed (never written by the service) is skipped."""
    out = []
    for row in rows or ():
        if isinstance(row, dict) and isinstance(row.get("id"), int) and isinstance(row.get("title"), str):
            wants = tuple(w for w in row.get("wants") or () if isinstance(w, str))
            out.append(CurrentProject(row["id"], row["title"], str(row.get("description") or ""), wants))
    return out


def to_stored(projects: Iterable[CurrentProject]) -> list[dict[str, Any]]:
    return [p.stored() for p in list(projects)[:SHOWN_MAX]]
