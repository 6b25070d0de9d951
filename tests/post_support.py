"""Arrange posts, votes and comments through the real services (shared by the post test tiers). Services never
commit: these helpers commit, as the outermost caller (an event handler's unit of work) does."""

from __future__ import annotations

from collections.abc import Iterator

from factories import NOW
from sqlmodel import Session

from engnest.community.services import comments, posts
from engnest.platform import throttle


def post(session: Session, author, title: str = "Meshing a bracket", *, body: str = "Which element type?", code: str = "",
         tags: str = "fea", room_id: int | None = None, now=NOW) -> int:
    request = posts.check_create_post(session=session, author_id=author.id, room_id=room_id, title=title, body=body, code=code, tags=tags)
    post_id = posts.do_create_post(session=session, request=request, now=now)
    session.commit()
    return post_id


def vote(session: Session, voter, post_id: int, value: int, now=NOW) -> int:
    score = posts.do_vote(session=session, request=posts.check_vote(session=session, user_id=voter.id, post_id=post_id, value=value), now=now)
    session.commit()
    return score


def comment(session: Session, author, post_id: int, body: str = "Use quadratic tets.", *, parent_id: int | None = None, now=NOW) -> int:
    request = comments.check_comment(session=session, author_id=author.id, post_id=post_id, body=body, parent_id=parent_id)
    comment_id = comments.do_comment(session=session, request=request, now=now)
    session.commit()
    return comment_id


def no_post_limits(monkeypatch) -> Iterator[None]:
    """Generous post, comment and vote limits and fresh limiter windows (the body of each post test module's autouse
    fixture; a limit test puts the real rule back with monkeypatch)."""
    monkeypatch.setattr(posts, "POST_LIMIT", "10000/hour")
    monkeypatch.setattr(comments, "COMMENT_LIMIT", "10000/hour")
    throttle.reset_all()
    yield
    throttle.reset_all()
