"""What the feed and post pages show, built from service rows in the viewer's timezone (no reflex here; the
dataclasses are the state vars' item types). Names are the ones `shown_names` gave this viewer."""

from __future__ import annotations

import dataclasses
import re

from engnest.community.pages.views import Part
from engnest.community.services.feed import CommentLine, PostCard
from engnest.messaging.domain.messages import link_parts
from engnest.platform import routes
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local, to_local

_POST_PATH = re.compile(rf"^{re.escape(routes.FEED)}/([0-9]+)/?$")
INDENT_PX = 20


def route_post(path: str) -> int:
    """The [post_id] of /feed/[post_id] in the browser's path; 0 if it is not a plausible id."""
    match = _POST_PATH.match(path or "")
    return (parse_id(match.group(1)) or 0) if match else 0


def parts(text: str) -> list[Part]:
    return [Part(p.text, p.href) for p in link_parts(text)]


@dataclasses.dataclass
class FeedCard:
    id: int = 0
    title: str = ""
    excerpt: str = ""
    language: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    score: int = 0
    comments: str = ""
    author: str = ""
    met: bool = False
    room_name: str = ""
    room_href: str = ""
    href: str = ""
    time: str = ""
    stamp: str = ""
    edited: bool = False
    my_vote: int = 0


@dataclasses.dataclass
class CommentItem:
    id: int = 0
    depth: int = 0
    indent: str = "0px"
    author: str = ""
    met: bool = False
    mine: bool = False
    parts: list[Part] = dataclasses.field(default_factory=list)
    time: str = ""
    stamp: str = ""
    edited: bool = False
    deleted: bool = False
    hidden: bool = False


def _when(created_at, tz: str) -> tuple[str, str]:
    local = to_local(created_at, tz)
    return f"{local:%d %b %H:%M}", format_local(created_at, tz)


def feed_card(row: PostCard, *, tz: str) -> FeedCard:
    time, stamp = _when(row.created_at, tz)
    count = f"{row.comments} comment{'' if row.comments == 1 else 's'}"
    return FeedCard(
        row.id, row.title, row.excerpt, row.language, list(row.tags), row.score, count, row.author, row.met, row.room_name,
        routes.room_url(row.room_id) if row.room_id else "", routes.post_url(row.id), time, stamp, row.edited, row.my_vote,
    )


def comment_item(row: CommentLine, *, me: int, tz: str) -> CommentItem:
    time, stamp = _when(row.created_at, tz)
    return CommentItem(
        row.id, row.depth, f"{row.depth * INDENT_PX}px", row.author, row.met, row.author_id == me and not row.hidden,
        [] if row.deleted or row.hidden else parts(row.body), time, stamp, row.edited, row.deleted, row.hidden,
    )
