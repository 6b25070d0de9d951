"""Comment threads and mentions. Pure.

Comments nest to MAX_DEPTH levels: a reply to a comment already at the deepest level becomes its sibling (a reply
to the same parent), so a thread never runs off the right of a phone screen. A page of comments (ordered by id) is
built into a tree here; a comment whose parent is not on the page hangs at the top level.

Mentions: `@handle` for a one-word handle, `@[Any handle · with spaces]` for any handle (generated pseudonyms have
spaces, dots and a number). Both are matched by the pseudonym's handle key, so case and spacing do not matter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from engnest.community.domain.pseudonyms import handle_key
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean

MAX_DEPTH = 6  # depth 0 is a top-level comment
COMMENT_MAX = 5_000
MENTIONS_MAX = 10
_MENTION = re.compile(r"(?<![\w@])@(?:\[([^\]\n]{3,80})\]|([\w][\w.'-]{2,39}))", re.UNICODE)


def check_comment(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(body="A comment must be text.")
    text = clean(value).strip()
    if not text:
        raise ValidationFailed(body="Write something first.")
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(body=f"A comment can be at most {COMMENT_MAX:,} characters; this one has {len(text):,}.")
    return text


def reply_place(parent_id: int | None, parent_depth: int, grandparent_id: int | None) -> tuple[int | None, int]:
    """(parent id, depth) of a new comment replying to `parent_id` (None: to the post itself)."""
    if parent_id is None:
        return None, 0
    if parent_depth + 1 >= MAX_DEPTH:
        return grandparent_id, parent_depth
    return parent_id, parent_depth + 1


@dataclass
class Node:
    id: int
    parent_id: int | None
    author_id: int
    body: str
    created_at: dt.datetime
    edited: bool
    deleted: bool
    depth: int = 0
    children: list[Node] = field(default_factory=list)


def build_tree(comments: list[Node]) -> list[Node]:
    """Top-level comments in id order, each with its replies in id order beneath; depths recomputed from the tree."""
    by_id = {c.id: c for c in comments}
    roots: list[Node] = []
    for c in sorted(comments, key=lambda n: n.id):
        c.children = []
    for c in sorted(comments, key=lambda n: n.id):
        parent = by_id.get(c.parent_id) if c.parent_id is not None else None
        if parent is None or parent.id >= c.id:
            roots.append(c)
        else:
            parent.children.append(c)

    def settle(nodes: list[Node], depth: int) -> None:
        for n in nodes:
            n.depth = depth
            settle(n.children, depth + 1)

    settle(roots, 0)
    return roots


def flatten(roots: list[Node]) -> list[Node]:
    """Depth-first: each comment followed by its replies (how a page lists them, indented by depth)."""
    out: list[Node] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def mention_keys(text: str) -> tuple[str, ...]:
    """Handle keys mentioned in `text`, in order, without repeats, at most MENTIONS_MAX."""
    keys: list[str] = []
    for bracketed, word in _MENTION.findall(text):
        key = handle_key(" ".join((bracketed or word).split()))
        if key and key not in keys:
            keys.append(key)
    return tuple(keys[:MENTIONS_MAX])
