"""The feed holds at scale (issue 13: "pagination that holds at 1M posts"): a page costs the same statements on
the first page and 3,000 posts deep, for every sort, a tag and a room; and on SQLite each page walks its index
in order (no sort of all the posts, no matter how many). bench/feed.py measures the time at 1M posts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import person
from factories import NOW
from post_support import bulk_posts
from query_count import count_queries
from room_support import create_room, generous_room_limit

from engnest.community.domain import posts as rules
from engnest.community.models import Post
from engnest.community.services import feed
from engnest.platform.db import get_engine

POSTS = 4_000


@pytest.fixture(autouse=True)
def _rooms(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def _deep_cursor(session, query: rules.FeedQuery, depth: int) -> rules.Cursor:
    """The cursor a reader would hold after `depth` posts of this feed (read straight from the table)."""
    key = {rules.HOT: Post.hot, rules.TOP: Post.score, rules.NEW: Post.id}[query.sort]
    q = sa.select(key, Post.id).order_by(key.desc(), Post.id.desc()).offset(depth).limit(1)
    if query.tag:
        q = q.where(Post.tags.like(f"% {query.tag} %"))
    if query.room_id:
        q = q.where(Post.room_id == query.room_id)
    value, ident = session.execute(q).one()
    return rules.Cursor(float(value), ident)


@pytest.mark.parametrize("sort", ["hot", "new", "top"])
def test_a_feed_page_costs_the_same_statements_on_page_one_and_three_thousand_posts_deep(session, sort):
    authors = [person(session).id for _ in range(3)]
    reader = person(session)
    room_id = create_room(session, person(session), "Scale room")
    bulk_posts(session, authors, POSTS)
    bulk_posts(session, authors, 600, room_id=room_id, start=NOW)
    counts, plans = [], []
    engine = get_engine()
    for query in (
        rules.check_feed_query(sort=sort, window="all"),
        rules.check_feed_query(sort=sort, window="all", tag="cad"),
        rules.check_feed_query(sort=sort, window="all", room_id=room_id),
    ):
        depth = 300 if query.room_id else 1_000 if query.tag else 3_000
        for cursor in (None, _deep_cursor(session, query, depth)):
            with count_queries(engine) as queries:
                page = feed.feed_page(session=session, viewer_id=reader.id, query=query, cursor=cursor, now=NOW)
            assert len(page.cards) == rules.PAGE and page.next_cursor, (query, cursor)
            counts.append(len(queries))
            at = next(i for i, text in enumerate(queries.statements) if "ORDER BY" in text)  # the page itself
            plans.append((query, queries.statements[at], queries.parameters[at]))
    # Blocks, the page, the shown names (and the room's membership for a room): no statement per post or per page deep.
    assert counts[0::2] == counts[1::2] and max(counts) <= 5, counts
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL plans by statistics (bench/feed.py measures it at 1M posts)
    expected = {"hot": ("ix_post_hot", "ix_post_tag_hot", "ix_post_room_hot"), "top": ("ix_post_score", "ix_post_tag_score", "ix_post_room_score"),
                "new": ("post", "sqlite_autoindex_post_tag_1", "ix_post_room_new")}[sort]
    with engine.connect() as conn:
        for (query, statement, parameters), index in zip(plans[1::2], expected, strict=True):
            plan = " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
            assert "TEMP B-TREE" not in plan and index in plan, (query, plan)
