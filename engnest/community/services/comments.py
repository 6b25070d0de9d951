"""Comments on posts: nested replies (to MAX_DEPTH levels), edit with an "edited" mark, delete (the text goes, the
place in the thread stays so replies keep their parent), mentions and reply notifications.

Convention: `check_*` validate and write nothing, `do_*` write, nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from engnest.community.domain import permissions as perm
from engnest.community.domain import threads
from engnest.community.domain.permissions import Action
from engnest.community.models import Comment, Post
from engnest.community.services import moderation_gate
from engnest.community.services.mentions import do_notify_mentions, do_notify_reply
from engnest.community.services.posts import STAFF, TOPIC, Seen, visible_post
from engnest.community.services.pseudonyms import do_ensure_pseudonym
from engnest.community.services.rooms import audit
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed

COMMENT_LIMIT = "30/10 minutes"
NO_COMMENT = "That comment is not on this post."


@dataclass(frozen=True)
class NewComment:
    seen: Seen
    author_id: int
    body: str
    parent_id: int | None
    depth: int
    reply_to_author: int  # whom the reply notifies: the parent comment's author, or the post's


def check_comment(*, session: Session, author_id: int, post_id: object, body: object, parent_id: object = None, now: dt.datetime) -> NewComment:
    """A comment on a post the author may see, replying to the post or to one of its comments, through the
    community's write gate (suspension, new-account limit)."""
    seen = visible_post(session=session, post_id=post_id, viewer_id=author_id)
    text = threads.check_comment(body)
    place, depth, to_author = None, 0, seen.author_id
    if parent_id not in (None, "", 0):
        # sqlmodel's select() is typed up to 4 columns; its Select class (what select() builds) takes any number.
        parent = session.exec(
            Select[int, int, int | None, int, dt.datetime | None](
                col(Comment.id), col(Comment.depth), col(Comment.parent_id), col(Comment.author_id), col(Comment.deleted_at),
            )
            .where(col(Comment.id) == parent_id, col(Comment.post_id) == seen.post_id)
        ).first() if isinstance(parent_id, int) and not isinstance(parent_id, bool) else None
        if parent is None or parent[4] is not None:
            raise ValidationFailed(body=NO_COMMENT)
        place, depth = threads.reply_place(parent[0], parent[1], parent[2])
        to_author = parent[3]
    moderation_gate.check_may_write(session=session, user_id=author_id, kind="comment", now=now, field="body", exempt=seen.role in STAFF)
    throttle.take(COMMENT_LIMIT, "post-comment", str(author_id), field="body", what="comments")
    return NewComment(seen, author_id, text, place, depth, to_author)


def do_comment(*, session: Session, request: NewComment, now: dt.datetime) -> int:
    do_ensure_pseudonym(session=session, user_id=request.author_id, now=now)
    row = Comment(post_id=request.seen.post_id, parent_id=request.parent_id, author_id=request.author_id, body=request.body,
                  depth=request.depth, created_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    session.execute(sa.update(Post).where(col(Post.id) == request.seen.post_id).values(comment_count=col(Post.comment_count) + 1))
    s = request.seen
    told = do_notify_mentions(session=session, author_id=request.author_id, text=request.body, post_id=s.post_id, post_title=s.title,
                              comment_id=row.id, room_id=s.room_id, now=now)
    do_notify_reply(session=session, author_id=request.author_id, to_user_id=request.reply_to_author, text=request.body, post_id=s.post_id,
                    post_title=s.title, comment_id=row.id, on_comment=request.parent_id is not None or request.depth > 0,
                    room_id=s.room_id, now=now, already=told)
    events.push_after_commit(session, [request.author_id], TOPIC, {"post": s.post_id, "kind": "comment", "id": row.id})
    return row.id


@dataclass(frozen=True)
class ChangeComment:
    seen: Seen
    comment_id: int
    author_id: int
    actor_id: int
    body: str  # the new text ('' for a delete)


def _own_or_moderated(session: Session, actor_id: int, post_id: object, comment_id: object, *, moderator_may: bool) -> tuple[Seen, int, int]:
    seen = visible_post(session=session, post_id=post_id, viewer_id=actor_id)
    row = session.exec(select(Comment.id, Comment.author_id, Comment.deleted_at).where(Comment.id == comment_id, Comment.post_id == seen.post_id)).first() \
        if isinstance(comment_id, int) and not isinstance(comment_id, bool) else None
    if row is None or row[2] is not None:
        raise ValidationFailed(form=NO_COMMENT)
    if row[1] != actor_id and not (moderator_may and perm.may(seen.role, Action.REMOVE_MESSAGE)):
        raise ValidationFailed(form="Only its author can change a comment.")
    return seen, int(row[0] or 0), row[1]


def check_edit_comment(*, session: Session, editor_id: int, post_id: object, comment_id: object, body: object) -> ChangeComment:
    seen, cid, author = _own_or_moderated(session, editor_id, post_id, comment_id, moderator_may=False)
    return ChangeComment(seen, cid, author, editor_id, threads.check_comment(body))


def do_edit_comment(*, session: Session, request: ChangeComment, now: dt.datetime) -> None:
    session.execute(sa.update(Comment).where(col(Comment.id) == request.comment_id).values(body=request.body, edited_at=now))


def check_delete_comment(*, session: Session, actor_id: int, post_id: object, comment_id: object) -> ChangeComment:
    """Its author deletes a comment; a moderator of the post's room may remove it."""
    seen, cid, author = _own_or_moderated(session, actor_id, post_id, comment_id, moderator_may=True)
    return ChangeComment(seen, cid, author, actor_id, "")


def do_delete_comment(*, session: Session, request: ChangeComment, now: dt.datetime) -> None:
    session.execute(sa.update(Comment).where(col(Comment.id) == request.comment_id).values(body="", deleted_at=now))
    session.execute(sa.update(Post).where(col(Post.id) == request.seen.post_id).values(comment_count=col(Post.comment_count) - 1))
    if request.actor_id != request.author_id and request.seen.room_id is not None:
        audit(session, room_id=request.seen.room_id, actor_id=request.actor_id, action="remove_comment", target_user_id=request.author_id, now=now)
