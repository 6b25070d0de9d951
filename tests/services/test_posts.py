"""The posts feed (issue 13 item 2) on SQLite and PostgreSQL: posts in the feed and in rooms, who may see them,
votes (one per person, changeable, exact under parallel votes), hot/new/top pages walked by keyset without gaps or
repeats, tag and room filters, nested comments with a depth limit, edit and delete, and blocked people."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from dm_support import block, collaborators, person
from factories import NOW
from meeting_support import race
from post_support import comment, no_post_limits, post, vote
from room_support import create_room, generous_room_limit, join

from engnest.community.domain import posts as rules
from engnest.community.models import Comment, ModerationAction, Post, PostTag, PostVote
from engnest.community.services import comments, feed, posts
from engnest.platform.domain.errors import ValidationFailed


@pytest.fixture(autouse=True)
def _limits(monkeypatch):
    yield from no_post_limits(monkeypatch)


@pytest.fixture(autouse=True)
def _rooms(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def page(session, viewer, *, sort="hot", window="all", tag="", room_id=None, cursor=None, limit=rules.PAGE, now=NOW):
    query = rules.check_feed_query(sort=sort, window=window, tag=tag, room_id=room_id)
    return feed.feed_page(session=session, viewer_id=viewer.id, query=query, cursor=rules.parse_cursor(cursor), now=now, limit=limit)


def walk(session, viewer, **kw) -> list[int]:
    """Every post id of a feed, page by page, by following the cursors."""
    seen, cursor = [], None
    while True:
        result = page(session, viewer, cursor=cursor, **kw)
        seen += [c.id for c in result.cards]
        if not result.next_cursor:
            return seen
        cursor = result.next_cursor


def test_a_post_appears_in_the_feed_under_its_authors_pseudonym_and_a_collaborator_sees_the_name(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    author, reader, friend = person(session, first_name="Marguerite", last_name="Perey"), person(session), person(session)
    collaborators(session, author, friend)
    post_id = post(session, author, code="def f():\n    return 1\n", tags="python fea")
    card = page(session, reader).cards[0]
    assert card.id == post_id and card.language == "python" and card.tags == ("python", "fea")
    assert card.author.endswith(tuple(f"#{n:04d}" for n in range(10000))) and not card.met
    assert "Marguerite" not in card.author and "Perey" not in card.author
    assert (page(session, friend).cards[0].author, page(session, friend).cards[0].met) == ("Marguerite Perey", True)


def test_a_vote_is_one_per_person_and_can_be_changed_or_taken_back(session):
    author, a, b = person(session), person(session), person(session)
    post_id = post(session, author)
    assert vote(session, a, post_id, 1) == 1
    assert vote(session, a, post_id, 1) == 1  # a second click changes nothing
    assert vote(session, b, post_id, 1) == 2
    assert vote(session, a, post_id, -1) == 0
    assert vote(session, b, post_id, 0) == -1
    session.expire_all()
    row = session.get(Post, post_id)
    assert (row.score, row.ups, row.downs) == (-1, 0, 1)
    assert row.hot == rules.hot(-1, NOW)
    assert {t.score for t in session.exec(sa.select(PostTag).where(PostTag.post_id == post_id)).scalars()} == {-1}
    assert page(session, a).cards[0].my_vote == -1


def test_nobody_votes_on_their_own_post(session):
    author = person(session)
    post_id = post(session, author)
    with pytest.raises(ValidationFailed, match="own post"):
        posts.check_vote(session=session, user_id=author.id, post_id=post_id, value=1, now=NOW)


def test_parallel_votes_are_all_counted(session, db_url):
    author = person(session)
    voters = [person(session) for _ in range(8)]
    post_id = post(session, author)

    def up(voter):
        return lambda s: posts.do_vote(session=s, request=posts.check_vote(session=s, user_id=voter.id, post_id=post_id, value=1, now=NOW), now=NOW)

    results = race(db_url, [up(v) for v in voters])
    assert not [r for r in results if isinstance(r, Exception)], results
    session.expire_all()
    row = session.get(Post, post_id)
    assert (row.score, row.ups) == (8, 8)
    assert session.execute(sa.select(sa.func.count()).select_from(PostVote).where(PostVote.post_id == post_id)).scalar_one() == 8


def test_hot_puts_a_voted_post_above_a_slightly_newer_one_and_new_puts_the_newest_first(session):
    author, reader = person(session), person(session)
    voters = [person(session) for _ in range(10)]
    old = post(session, author, "Older but loved", now=NOW - dt.timedelta(hours=2))
    new = post(session, author, "Newer, no votes")
    for v in voters:
        vote(session, v, old, 1)
    assert [c.id for c in page(session, reader).cards] == [old, new]
    assert [c.id for c in page(session, reader, sort="new").cards] == [new, old]
    assert [c.id for c in page(session, reader, sort="top").cards] == [old, new]


def test_every_sort_walks_every_post_once_page_by_page(session):
    author, reader = person(session), person(session)
    voters = [person(session) for _ in range(3)]
    ids = [post(session, author, f"Post number {i}", tags="fea" if i % 2 else "cad", now=NOW - dt.timedelta(minutes=i)) for i in range(13)]
    for i, pid in enumerate(ids[:6]):
        for v in voters[: i % 3 + 1]:
            vote(session, v, pid, 1 if i % 2 else -1)
    for sort in ("hot", "new", "top"):
        walked = walk(session, reader, sort=sort, limit=4)
        assert sorted(walked) == sorted(ids) and len(walked) == len(set(walked)), sort
        tagged = walk(session, reader, sort=sort, tag="fea", limit=2)
        assert sorted(tagged) == sorted(ids[1::2]), sort


def test_top_of_the_day_leaves_older_posts_out(session):
    author, reader = person(session), person(session)
    today = post(session, author, "Today")
    post(session, author, "Last week", now=NOW - dt.timedelta(days=3))
    assert [c.id for c in page(session, reader, sort="top", window="day").cards] == [today]
    assert len(page(session, reader, sort="top", window="week").cards) == 2


def test_a_private_rooms_posts_are_for_its_members_only(session):
    owner, member, stranger = person(session), person(session), person(session)
    room_id = create_room(session, owner, "Board", visibility="private")
    secret = post(session, owner, "Roadmap", room_id=room_id)
    public = post(session, owner, "Hello all")
    assert [c.id for c in page(session, stranger).cards] == [public]
    with pytest.raises(ValidationFailed, match="not available"):
        page(session, stranger, room_id=room_id)
    with pytest.raises(ValidationFailed, match="not available"):
        feed.post_view(session=session, viewer_id=stranger.id, post_id=secret)
    with pytest.raises(ValidationFailed, match="not available"):
        comments.check_comment(session=session, author_id=stranger.id, post_id=secret, body="hi", now=NOW)
    assert [c.id for c in page(session, owner, room_id=room_id).cards] == [secret]
    with pytest.raises(ValidationFailed):
        posts.check_create_post(session=session, author_id=member.id, room_id=room_id, title="Let me in", body="please", now=NOW)


def test_a_public_rooms_posts_are_in_the_feed_and_in_the_room_filter(session):
    owner, member, reader = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, member, room_id)
    in_room = post(session, member, "Mesh help", room_id=room_id)
    post(session, owner, "Elsewhere")
    assert in_room in [c.id for c in page(session, reader).cards]
    cards = page(session, reader, room_id=room_id).cards
    assert [c.id for c in cards] == [in_room] and cards[0].room_name == "FEA clinic"
    with pytest.raises(ValidationFailed, match="Join the room first"):
        posts.check_create_post(session=session, author_id=reader.id, room_id=room_id, title="Not a member", body="hi", now=NOW)


def test_blocked_people_never_see_each_others_posts_or_comments(session):
    a, b, c = person(session), person(session), person(session)
    mine = post(session, a, "A's post")
    theirs = post(session, b, "B's post")
    comment(session, b, mine, "B's words")
    block(session, a, b)
    assert [x.id for x in page(session, a).cards] == [mine]
    assert [x.id for x in page(session, b).cards] == [theirs]
    with pytest.raises(ValidationFailed):
        feed.post_view(session=session, viewer_id=b.id, post_id=mine)
    line = feed.comment_thread(session=session, viewer_id=a.id, post_id=mine)[0]
    assert line.hidden and line.body == "" and line.author == ""
    assert feed.comment_thread(session=session, viewer_id=c.id, post_id=mine)[0].body == "B's words"


def test_comments_nest_and_stop_at_the_deepest_level(session):
    author, other = person(session), person(session)
    post_id = post(session, author)
    parent = None
    for i in range(8):
        parent = comment(session, other if i % 2 else author, post_id, f"level {i}", parent_id=parent)
    thread = feed.comment_thread(session=session, viewer_id=other.id, post_id=post_id)
    assert [line.depth for line in thread] == [0, 1, 2, 3, 4, 5, 5, 5]
    session.expire_all()
    assert session.get(Post, post_id).comment_count == 8


def test_a_reply_must_be_to_a_comment_on_the_same_post(session):
    author = person(session)
    one, two = post(session, author, "One"), post(session, author, "Two")
    on_one = comment(session, author, one)
    for bad in (on_one, 10**6, "1", True):
        with pytest.raises(ValidationFailed, match="not on this post"):
            comments.check_comment(session=session, author_id=author.id, post_id=two, body="hi", parent_id=bad, now=NOW)


def test_editing_marks_a_post_and_a_comment_edited_and_only_their_author_may(session):
    author, other = person(session), person(session)
    post_id = post(session, author, tags="fea")
    cid = comment(session, author, post_id)
    with pytest.raises(ValidationFailed, match="Only its author"):
        posts.check_edit_post(session=session, editor_id=other.id, post_id=post_id, title="Mine now", body="x")
    with pytest.raises(ValidationFailed, match="Only its author"):
        comments.check_edit_comment(session=session, editor_id=other.id, post_id=post_id, comment_id=cid, body="x")
    request = posts.check_edit_post(session=session, editor_id=author.id, post_id=post_id, title="Meshing, revised", body="Tets?", tags="cad")
    posts.do_edit_post(session=session, request=request, now=NOW + dt.timedelta(minutes=5))
    comments.do_edit_comment(session=session, request=comments.check_edit_comment(
        session=session, editor_id=author.id, post_id=post_id, comment_id=cid, body="Hexes."), now=NOW)
    session.commit()
    card = page(session, other).cards[0]
    assert card.edited and card.title == "Meshing, revised" and card.tags == ("cad",)
    assert [c.id for c in page(session, other, tag="cad").cards] == [post_id] and page(session, other, tag="fea").cards == []
    line = feed.comment_thread(session=session, viewer_id=other.id, post_id=post_id)[0]
    assert line.edited and line.body == "Hexes."


def test_a_deleted_comment_keeps_its_place_for_its_replies(session):
    author, other = person(session), person(session)
    post_id = post(session, author)
    top = comment(session, other, post_id, "first")
    comment(session, author, post_id, "reply", parent_id=top)
    with pytest.raises(ValidationFailed, match="Only its author"):
        comments.check_delete_comment(session=session, actor_id=author.id, post_id=post_id, comment_id=top)
    comments.do_delete_comment(session=session, request=comments.check_delete_comment(
        session=session, actor_id=other.id, post_id=post_id, comment_id=top), now=NOW)
    session.commit()
    thread = feed.comment_thread(session=session, viewer_id=author.id, post_id=post_id)
    assert [(t.deleted, t.body, t.depth) for t in thread] == [(True, "", 0), (False, "reply", 1)]
    with pytest.raises(ValidationFailed, match="not on this post"):
        comments.check_comment(session=session, author_id=author.id, post_id=post_id, body="x", parent_id=top, now=NOW)


def test_the_author_deletes_a_post_and_a_room_moderator_removes_one_with_an_audit_row(session):
    owner, member, reader = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, member, room_id)
    join(session, reader, room_id)
    mine = post(session, member, "Mine", room_id=room_id)
    spam = post(session, member, "Buy now", room_id=room_id)
    comment(session, reader, spam)
    vote(session, reader, spam, -1)
    with pytest.raises(ValidationFailed, match="author or a moderator"):
        posts.check_delete_post(session=session, actor_id=reader.id, post_id=mine)
    posts.do_delete_post(session=session, request=posts.check_delete_post(session=session, actor_id=member.id, post_id=mine), actor_id=member.id, now=NOW)
    posts.do_delete_post(session=session, request=posts.check_delete_post(session=session, actor_id=owner.id, post_id=spam), actor_id=owner.id, now=NOW)
    session.commit()
    assert page(session, reader).cards == []
    for model in (Post, PostTag, PostVote, Comment):
        assert session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one() == 0, model
    actions = session.exec(sa.select(ModerationAction.action, ModerationAction.target_user_id)).all()
    assert [tuple(a) for a in actions] == [("remove_post", member.id)]


def test_bad_post_input_writes_nothing_and_says_why(session):
    author = person(session)
    with pytest.raises(ValidationFailed) as caught:
        posts.check_create_post(session=session, author_id=author.id, room_id=None, title="x", body="", now=NOW)
    assert "title" in caught.value.errors
    with pytest.raises(ValidationFailed, match="not available"):
        posts.check_create_post(session=session, author_id=author.id, room_id=999, title="Fine title", body="hi", now=NOW)
    assert session.execute(sa.select(sa.func.count()).select_from(Post)).scalar_one() == 0


def test_posting_is_rate_limited(sqlite_session, monkeypatch):
    session = sqlite_session  # behaviour, not the database
    monkeypatch.setattr(posts, "POST_LIMIT", "10/hour")
    author = person(session)
    for i in range(10):
        post(session, author, f"Post {i}")
    with pytest.raises(ValidationFailed, match="Too many new posts"):
        posts.check_create_post(session=session, author_id=author.id, room_id=None, title="One more", body="x", now=NOW)
