"""Arrange posts, votes and comments through the real services (shared by the post test tiers). Services never
commit: these helpers commit, as the outermost caller (an event handler's unit of work) does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import sqlalchemy as sa
from factories import NOW
from sqlmodel import Session

from engnest.community.domain.posts import hot
from engnest.community.models import Post, PostTag
from engnest.community.services import comments, posts
from engnest.platform import throttle


def post(session: Session, author, title: str = "Meshing a bracket", *, body: str = "Which element type?", code: str = "",
         tags: str = "fea", room_id: int | None = None, now=NOW) -> int:
    request = posts.check_create_post(session=session, author_id=author.id, room_id=room_id, title=title, body=body, code=code, tags=tags, now=now)
    post_id = posts.do_create_post(session=session, request=request, now=now)
    session.commit()
    return post_id


def vote(session: Session, voter, post_id: int, value: int, now=NOW) -> int:
    score = posts.do_vote(session=session, request=posts.check_vote(session=session, user_id=voter.id, post_id=post_id, value=value, now=now), now=now)
    session.commit()
    return score


def comment(session: Session, author, post_id: int, body: str = "Use quadratic tets.", *, parent_id: int | None = None, now=NOW) -> int:
    request = comments.check_comment(session=session, author_id=author.id, post_id=post_id, body=body, parent_id=parent_id, now=now)
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


def bulk_posts(session: Session, author_ids: list[int], n: int, *, room_id: int | None = None, tags: tuple[str, ...] = ("fea", "cad", "pcb"),
               start=NOW, step_seconds: int = 60, chunk: int = 5000) -> None:
    """`n` posts straight into the tables (a scale test's data, not a behaviour): spread over time backwards from
    `start`, scores from a fixed pattern with their hot values, one tag each in turn; committed."""
    first = session.execute(sa.select(sa.func.coalesce(sa.func.max(Post.id), 0))).scalar_one() + 1
    for base in range(0, n, chunk):
        posts_rows, tag_rows = [], []
        for i in range(base, min(n, base + chunk)):
            created = start - dt.timedelta(seconds=i * step_seconds)
            score = (i * 7919) % 61 - 10
            tag = tags[i % len(tags)]
            value = hot(score, created)
            posts_rows.append({"id": first + i, "author_id": author_ids[i % len(author_ids)], "room_id": room_id, "title": f"Post {i}",
                               "body": "Words about an engineering problem.", "code": "", "language": "", "tags": f" {tag} ",
                               "score": score, "ups": max(score, 0), "downs": max(-score, 0), "comment_count": 0, "hot": value, "created_at": created})
            tag_rows.append({"tag": tag, "post_id": first + i, "hot": value, "score": score, "created_at": created})
        session.execute(sa.insert(Post), posts_rows)
        session.execute(sa.insert(PostTag), tag_rows)
    session.commit()
