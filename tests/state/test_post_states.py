"""Feed and post page handlers called as a browser tab would (issue 13 item 2): every handler re-checks the caller
(a signed-out tab goes to sign in; a signed-in stranger, first shown allowed on their own post, is refused on
someone else's or on a private room's); names are pseudonyms to strangers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import person
from factories import login_token
from post_support import comment, no_post_limits, post
from room_support import create_room, generous_room_limit
from sqlmodel import select

from engnest.community.models import Comment, Post, PostVote, Pseudonym
from engnest.community.pages.feed_state import FeedState
from engnest.community.pages.post_state import PostState
from engnest.community.services.posts import NO_POST
from state.harness import Tab, assert_signed_in, redirect_target


@pytest.fixture(autouse=True)
def _limits(monkeypatch):
    yield from no_post_limits(monkeypatch)


@pytest.fixture(autouse=True)
def _rooms(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def count(session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(sa.func.count()).select_from(model).where(*where)).one()


async def tab_for(session, user, path: str, state, query: str = "") -> Tab:
    tab = Tab(token=login_token(session, user), path=path, query=query)
    await assert_signed_in(tab, user)
    await tab.call(state, "load")
    return tab


async def test_a_signed_out_tab_is_sent_to_sign_in(sqlite_session):
    feed_tab, post_tab = Tab(path="/feed"), Tab(path="/feed/1")
    for handler, args in (("load", ()), ("more", ()), ("vote", (1, 1)), ("create", ({"title": "x", "body": "y"},)), ("show", ("new",))):
        assert redirect_target(await feed_tab.call(FeedState, handler, *args)).startswith("/signin"), handler
    for handler, args in (("load", ()), ("comment", ({"body": "hi"},)), ("delete_post", ()), ("delete_comment", (1,))):
        assert redirect_target(await post_tab.call(PostState, handler, *args)).startswith("/signin"), handler


async def test_writing_a_post_from_the_feed_opens_it_under_my_pseudonym(sqlite_session):
    s = sqlite_session
    me = person(s, first_name="Marguerite", last_name="Perey")
    tab = await tab_for(s, me, "/feed", FeedState)
    target = redirect_target(await tab.call(FeedState, "create", {"title": "Damping a gantry", "body": "Ideas?", "code": "def f():\n    pass", "tags": "cnc"}))
    post_id = s.exec(select(Post.id)).one()
    assert target == f"/feed/{post_id}"
    page = await tab_for(s, me, target, PostState)
    state = page.state(PostState)
    assert state.card.title == "Damping a gantry" and state.card.language == "python" and state.mine
    assert state.card.author == s.get(Pseudonym, me.id).handle and "Perey" not in state.card.author


async def test_bad_post_input_is_explained_and_writes_nothing(sqlite_session):
    s = sqlite_session
    me = person(s)
    tab = await tab_for(s, me, "/feed", FeedState)
    await tab.call(FeedState, "create", {"title": "", "body": ""})
    await tab.call(FeedState, "create", "not a form")
    assert "title" in tab.state(FeedState).errors and count(s, Post) == 0


async def test_a_stranger_cannot_edit_delete_or_read_what_is_not_theirs(sqlite_session):
    s = sqlite_session
    owner, attacker = person(s), person(s)
    theirs = post(s, owner, "Owner's post")
    their_comment = comment(s, owner, theirs, "owner's words")
    private_room = create_room(s, owner, "Board", visibility="private")
    secret = post(s, owner, "Roadmap", room_id=private_room)
    # The attacker is signed in and allowed on a post of their own first.
    mine = post(s, attacker, "Attacker's post")
    tab = await tab_for(s, attacker, f"/feed/{mine}", PostState)
    await tab.call(PostState, "comment", {"body": "my own comment"})
    assert [c.parts[0].text for c in tab.state(PostState).comments] == ["my own comment"]
    # Someone else's post: comments and votes are open, changing it is not.
    tab = await tab_for(s, attacker, f"/feed/{theirs}", PostState)
    state = tab.state(PostState)
    assert not state.mine and not state.may_moderate
    await tab.call(PostState, "delete_post")
    assert state.errors and count(s, Post, Post.id == theirs) == 1
    await tab.call(PostState, "delete_comment", their_comment)
    assert state.errors and count(s, Comment, Comment.deleted_at.is_not(None)) == 0
    state.editing = their_comment  # a client can set any state var it likes
    await tab.call(PostState, "save_comment", {"body": "defaced"})
    assert state.errors and count(s, Comment, Comment.body == "defaced") == 0
    await tab.call(PostState, "save_post", {"title": "Defaced title", "body": "x"})
    assert state.errors and count(s, Post, Post.title == "Defaced title") == 0
    # A private room's post: refused as if it did not exist, and nothing can be done to it.
    tab = await tab_for(s, attacker, f"/feed/{secret}", PostState)
    assert tab.state(PostState).refused == NO_POST and tab.state(PostState).card.title != "Roadmap"
    feed_tab = await tab_for(s, attacker, "/feed", FeedState)
    await feed_tab.call(FeedState, "vote", secret, 1)
    assert feed_tab.state(FeedState).errors == {"form": NO_POST} and count(s, PostVote) == 0
    feed_tab = await tab_for(s, attacker, "/feed", FeedState, query=f"room={private_room}")
    assert feed_tab.state(FeedState).cards == [] and "Roadmap" not in str(feed_tab.state(FeedState).dict())


async def test_votes_from_the_feed_change_the_card_and_can_be_taken_back(sqlite_session):
    s = sqlite_session
    author, reader = person(s), person(s)
    post_id = post(s, author)
    tab = await tab_for(s, reader, "/feed", FeedState)
    await tab.call(FeedState, "vote", post_id, 1)
    card = tab.state(FeedState).cards[0]
    assert (card.score, card.my_vote) == (1, 1)
    await tab.call(FeedState, "vote", post_id, 0)
    assert (tab.state(FeedState).cards[0].score, count(s, PostVote)) == (0, 0)
    await tab.call(FeedState, "vote", post_id, 7)
    assert tab.state(FeedState).errors and count(s, PostVote) == 0


async def test_a_reply_thread_nests_under_the_comment_replied_to(sqlite_session):
    s = sqlite_session
    author, other = person(s), person(s)
    post_id = post(s, author)
    tab = await tab_for(s, other, f"/feed/{post_id}", PostState)
    await tab.call(PostState, "comment", {"body": "top"})
    top = tab.state(PostState).comments[0].id
    await tab.call(PostState, "reply_to", top)
    await tab.call(PostState, "comment", {"body": "nested"})
    assert [(c.parts[0].text, c.depth) for c in tab.state(PostState).comments] == [("top", 0), ("nested", 1)]


async def test_the_feed_reads_its_filters_from_the_address_and_pages_on(sqlite_session):
    s = sqlite_session
    author, reader = person(s), person(s)
    for i in range(25):
        post(s, author, f"Post {i}", tags="python" if i % 5 == 0 else "cad")
    tab = await tab_for(s, reader, "/feed", FeedState, query="sort=new&tag=python")
    state = tab.state(FeedState)
    assert (state.sort, state.tag, len(state.cards), state.next_cursor) == ("new", "python", 5, "")
    tab = await tab_for(s, reader, "/feed", FeedState, query="sort=bogus")
    state = tab.state(FeedState)
    assert state.sort == "hot" and len(state.cards) == 20 and state.next_cursor
    await tab.call(FeedState, "more")
    assert len({c.id for c in state.cards}) == 25 and state.next_cursor == ""
