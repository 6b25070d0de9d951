"""What can be reported, as a registry: each kind says how to find a target as the reporter may see it (author,
room, an excerpt) and how a moderator removes it. Rooms register "message" and "person" (report_kinds.py); the
posts feature registers "post" and "comment" the same way, without this module knowing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    author_id: int  # the person reported (the author of the content)
    room_id: int | None  # the room whose moderators handle it (None: site admins only)
    excerpt: str  # what was reported, kept with the report


# (session, reporter_id, target_id, room_id given by the page or None) -> the target, or None if the reporter
# cannot see it (the same answer as for one that does not exist: ids cannot be probed).
Resolve = Callable[[Session, int, int, int | None], Target | None]
# (session, target kind+id as reported, actor_id, now): remove the content (audited by the caller).
Remove = Callable[[Session, "Target", int, dt.datetime], None]


@dataclass(frozen=True)
class TargetKind:
    label: str
    resolve: Resolve
    remove: Remove | None  # None: nothing to remove (a person)


KINDS: dict[str, TargetKind] = {}


def register_target(kind: str, spec: TargetKind) -> None:
    KINDS[kind] = spec


def kind_of(kind: object) -> TargetKind | None:
    return KINDS.get(kind) if isinstance(kind, str) else None
