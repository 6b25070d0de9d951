"""What the room pages show, built from service rows in the viewer's timezone (no reflex here; the dataclasses
are the state vars' item types). Names are the ones `shown_names` gave this viewer: a pseudonym unless met."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from engnest.community.services.directory import RoomEntry
from engnest.community.services.room_chat import MemberLine, RoomLine
from engnest.messaging.domain.messages import link_parts
from engnest.platform import routes
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local, to_local

_ROOM_PATH = re.compile(rf"^{re.escape(routes.ROOMS)}/([0-9]+)/?$")


def route_room(path: str) -> int:
    """The [room_id] of /rooms/[room_id] in the browser's path; 0 if it is not a plausible id."""
    match = _ROOM_PATH.match(path or "")
    return (parse_id(match.group(1)) or 0) if match else 0


@dataclasses.dataclass
class Part:
    text: str = ""
    href: str = ""


@dataclasses.dataclass
class Line:
    id: int = 0
    mine: bool = False
    sender: str = ""
    met: bool = False
    parts: list[Part] = dataclasses.field(default_factory=list)
    time: str = ""
    stamp: str = ""


@dataclasses.dataclass
class Member:
    user_id: int = 0
    name: str = ""
    met: bool = False
    role: str = ""
    muted: str = ""  # "muted until 14:05" or ""


@dataclasses.dataclass
class Card:
    id: int = 0
    name: str = ""
    topic: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    private: bool = False
    members: str = ""
    role: str = ""
    pending: str = ""
    unread: int = 0
    href: str = ""


def line(row: RoomLine, *, me: int, tz: str) -> Line:
    local = to_local(row.created_at, tz)
    return Line(
        id=row.id, mine=row.sender_id == me, sender=row.sender, met=row.met,
        parts=[Part(p.text, p.href) for p in link_parts(row.body)], time=f"{local:%H:%M}", stamp=format_local(row.created_at, tz),
    )


def merge(current: Iterable[Line], new: Iterable[Line]) -> list[Line]:
    """Union by message id, oldest first (a pushed and reloaded message shows once)."""
    by_id = {item.id: item for item in current}
    by_id.update((item.id, item) for item in new)
    return [by_id[i] for i in sorted(by_id)]


def member(row: MemberLine, *, tz: str) -> Member:
    muted = f"muted until {to_local(row.muted_until, tz):%d %b %H:%M}" if row.muted_until else ""
    return Member(row.user_id, row.name, row.met, row.role, muted)


def card(entry: RoomEntry) -> Card:
    count = f"{entry.member_count} member{'' if entry.member_count == 1 else 's'}"
    return Card(
        entry.id, entry.name, entry.topic, list(entry.tags), entry.visibility == "private", count, entry.role, entry.pending,
        entry.unread, routes.room_url(entry.id),
    )
