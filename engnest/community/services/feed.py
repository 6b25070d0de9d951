"""Reading the feed and a post: keyset pages over indexes (the cost of a page does not grow with the number of
posts or with how deep the reader scrolled), names as the viewer may see them, nothing from private rooms the
viewer is not in, nothing by people blocked either way.

A page is one query walking (hot, id), (score, id) or (id) — on the post, or on the tag rows for a tag, or on
(room_id, …) for a room — with the row-value comparison `(key, id) < (cursor)`, plus the viewer's collaborators
(whose real names they see): the same two or three statements for the first page and the 5,000th.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import permissions as perm
from engnest.community.domain import posts as rules
from engnest.community.domain import threads
from engnest.community.domain.permissions import Action
from engnest.community.domain.rooms import PUBLIC
from engnest.community.models import Comment, Post, PostTag, PostVote, Pseudonym, Room
from engnest.community.services.posts import visible_post
from engnest.community.services.pseudonyms import ShownName, shown_names
from engnest.community.services.rooms import NO_ROOM, membership
from engnest.messaging.domain.messages import preview
from engnest.messaging.services.message_views import peers
from engnest.network.models import Block, Collaboration
from engnest.network.services.relations import blocked_ids
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

COMMENTS_PAGE = 500


@dataclass(frozen=True)
class PostCard:
    id: int
    title: str
    excerpt: str
    language: str
    tags: tuple[str, ...]
    score: int
    comments: int
    author_id: int
    author: str
    met: bool
    room_id: int | None
    room_name: str
    created_at: dt.datetime
    edited: bool
    my_vote: int


@dataclass(frozen=True)
class FeedPage:
    cards: list[PostCard]
    next_cursor: str  # '' on the last page


def _sort_columns(q: rules.FeedQuery) -> tuple[Any, Any]:
    """(key, id) columns the page is ordered by, from the index that serves it."""
    if q.tag:
        key = {rules.HOT: col(PostTag.hot), rules.TOP: col(PostTag.score), rules.NEW: col(PostTag.post_id)}[q.sort]
        return key, col(PostTag.post_id)
    return {rules.HOT: col(Post.hot), rules.TOP: col(Post.score), rules.NEW: col(Post.id)}[q.sort], col(Post.id)


_PAGE_COLUMNS = (
    col(Post.id), col(Post.title), sa.func.substr(Post.body, 1, 400), sa.func.substr(Post.code, 1, 400), col(Post.language), col(Post.tags),
    col(Post.score), col(Post.comment_count), col(Post.author_id), col(Post.room_id), col(Post.created_at), col(Post.edited_at), col(Post.hot),
    col(Room.name), col(PostVote.value), col(Pseudonym.handle),
)


def _not_blocked() -> sa.ColumnElement[bool]:
    """Neither blocked the other (checked per row of the page through the block pair's indexes, not by a list)."""
    viewer: sa.BindParameter[int] = sa.bindparam("viewer")
    return ~sa.exists().where(sa.or_(
        sa.and_(col(Block.blocker_id) == viewer, col(Block.blocked_id) == Post.author_id),
        sa.and_(col(Block.blocker_id) == Post.author_id, col(Block.blocked_id) == viewer),
    ))


@functools.cache
def _statement(sort: str, tag: bool, room: bool, since: bool, after: bool) -> Any:
    """The page statement for one shape of query, built once (values are bound parameters): building a
    SQLAlchemy expression costs more than running this query on its index."""
    key, ident = _sort_columns(rules.FeedQuery(sort, rules.ALL, "x" if tag else "", None))
    stmt = sa.select(*_PAGE_COLUMNS)
    if tag:
        stmt = stmt.select_from(PostTag).join(Post, col(Post.id) == PostTag.post_id).where(col(PostTag.tag) == sa.bindparam("tag"))
    else:
        stmt = stmt.select_from(Post)
    stmt = (
        stmt.outerjoin(Room, col(Room.id) == Post.room_id)
        .outerjoin(PostVote, sa.and_(col(PostVote.post_id) == Post.id, col(PostVote.user_id) == sa.bindparam("viewer")))
        .outerjoin(Pseudonym, col(Pseudonym.user_id) == Post.author_id)
        .where(_not_blocked())
    )
    if room:
        stmt = stmt.where(col(Post.room_id) == sa.bindparam("room"))
    else:
        stmt = stmt.where(sa.or_(col(Post.room_id).is_(None), col(Room.visibility) == PUBLIC))
    if since:
        stmt = stmt.where((col(PostTag.created_at) if tag else col(Post.created_at)) >= sa.bindparam("since", type_=sa.inspect(Post).columns["created_at"].type))
    if after:
        stmt = stmt.where(sa.tuple_(key, ident) < sa.tuple_(sa.bindparam("after_key", type_=key.type), sa.bindparam("after_id")))
    return stmt.order_by(key.desc(), ident.desc()).limit(sa.bindparam("limit"))


_COLLABORATORS = sa.select(col(Collaboration.user_low_id), col(Collaboration.user_high_id)).where(sa.or_(
    col(Collaboration.user_low_id) == sa.bindparam("viewer"), col(Collaboration.user_high_id) == sa.bindparam("viewer"),
))


def feed_page(*, session: Session, viewer_id: int, query: rules.FeedQuery, cursor: rules.Cursor | None = None, now: dt.datetime,
              limit: int = rules.PAGE) -> FeedPage:
    """One page: a single statement (the index walk, with the room's name, the viewer's vote and the author's
    pseudonym joined per row, blocked authors left out per row), then the viewer's collaborators to show their
    real names (and their names when some are on the page). Core execution: no ORM objects for a read-only list."""
    if query.room_id is not None:
        found = membership(session=session, room_id=query.room_id, user_id=viewer_id)
        if found.visibility != PUBLIC and found.role is None:
            raise ValidationFailed(form=NO_ROOM)
    start = rules.since(query.window, now) if query.sort == rules.TOP else None
    params: dict[str, object] = {"viewer": viewer_id, "limit": limit + 1, "tag": query.tag, "room": query.room_id, "since": start}
    if cursor is not None:
        params.update(after_key=cursor.key if query.sort == rules.HOT else int(cursor.key), after_id=cursor.id)
    stmt = _statement(query.sort, bool(query.tag), query.room_id is not None, start is not None, cursor is not None)
    connection = session.connection()
    rows = connection.execute(stmt, {k: v for k, v in params.items() if v is not None}).all()
    more = len(rows) > limit
    rows = rows[:limit]
    met: set[int] = set()
    if rows:
        pairs = connection.execute(_COLLABORATORS, {"viewer": viewer_id}).all()
        met = {high if low == viewer_id else low for low, high in pairs} & {r[8] for r in rows}
    real = peers(session=session, ids=met) if met else {}
    cards = []
    for (pid, title, body, code, language, tags, score, comments, author_id, room_id, created_at, edited_at, _hot, room_name, vote,
         handle) in rows:
        name = real[author_id].name if author_id in met else (handle or "EngNest member")
        cards.append(PostCard(
            pid, title, preview(body or code, 240), language, tuple(tags.split()), score, comments, author_id, name, author_id in met, room_id,
            room_name or "", ensure_aware_utc(created_at), edited_at is not None, vote or 0,
        ))
    next_cursor = ""
    if more and rows:
        last = rows[-1]
        value = {rules.HOT: last[12], rules.TOP: last[6], rules.NEW: last[0]}[query.sort]
        next_cursor = rules.Cursor(float(value), last[0]).text()
    return FeedPage(cards, next_cursor)


def _card(p: Post, room_name: str | None, vote: int | None, names: dict[int, ShownName]) -> PostCard:
    shown = names[p.author_id]
    return PostCard(
        p.id or 0, p.title, preview(p.body or p.code, 240), p.language, tuple(p.tags.split()), p.score, p.comment_count, p.author_id,
        shown.name, shown.met, p.room_id, room_name or "", ensure_aware_utc(p.created_at), p.edited_at is not None, vote or 0,
    )


@dataclass(frozen=True)
class PostView:
    card: PostCard
    body: str
    code: str
    mine: bool
    may_moderate: bool


@dataclass(frozen=True)
class CommentLine:
    id: int
    parent_id: int | None
    depth: int
    author_id: int
    author: str
    met: bool
    body: str
    created_at: dt.datetime
    edited: bool
    deleted: bool
    hidden: bool  # by someone blocked either way: neither sees the other's words


def post_view(*, session: Session, viewer_id: int, post_id: object) -> PostView:
    seen = visible_post(session=session, post_id=post_id, viewer_id=viewer_id)
    post, room_name, vote = session.exec(
        select(Post, Room.name, PostVote.value)
        .outerjoin(Room, col(Room.id) == col(Post.room_id))
        .outerjoin(PostVote, sa.and_(col(PostVote.post_id) == col(Post.id), col(PostVote.user_id) == viewer_id))
        .where(Post.id == seen.post_id)
    ).one()
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={post.author_id})
    card = _card(post, room_name, vote, names)
    return PostView(card, post.body, post.code, post.author_id == viewer_id, perm.may(seen.role, Action.REMOVE_MESSAGE))


def comment_thread(*, session: Session, viewer_id: int, post_id: object) -> list[CommentLine]:
    """The post's comments as a tree, flattened depth-first (each followed by its replies), as the viewer sees them."""
    seen = visible_post(session=session, post_id=post_id, viewer_id=viewer_id)
    rows = session.exec(select(Comment).where(col(Comment.post_id) == seen.post_id).order_by(col(Comment.id)).limit(COMMENTS_PAGE)).all()
    hidden = blocked_ids(session=session, user_id=viewer_id)
    names = shown_names(session=session, viewer_id=viewer_id, user_ids={c.author_id for c in rows if c.author_id not in hidden})
    nodes = [
        threads.Node(c.id or 0, c.parent_id, c.author_id, c.body, ensure_aware_utc(c.created_at), c.edited_at is not None, c.deleted_at is not None)
        for c in rows
    ]
    out = []
    for n in threads.flatten(threads.build_tree(nodes)):
        hide = n.author_id in hidden
        shown = names.get(n.author_id)
        out.append(CommentLine(
            n.id, n.parent_id, n.depth, n.author_id, "" if hide or shown is None else shown.name, bool(shown and shown.met and not hide),
            "" if hide or n.deleted else n.body, n.created_at, n.edited, n.deleted, hide,
        ))
    return out
