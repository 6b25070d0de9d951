"""Posts and comments as report targets (the registry in report_targets; rooms register messages and people the
same way): a reporter may report what they can see and did not write; the report goes to the post's room's
moderators (site admins for a post outside rooms); removing deletes the post, or empties the comment, with the
one audit row written by the queue."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from engnest.community.models import Comment
from engnest.community.services import comments, posts
from engnest.community.services.report_targets import Target, TargetKind, register_target
from engnest.messaging.domain.messages import preview
from engnest.platform.domain.errors import ValidationFailed


def resolve_post(session: Session, reporter_id: int, post_id: int, _room_id: int | None) -> Target | None:
    try:
        seen = posts.visible_post(session=session, post_id=post_id, viewer_id=reporter_id)
    except ValidationFailed:
        return None
    if seen.author_id == reporter_id:
        return None
    return Target("post", seen.post_id, seen.author_id, seen.room_id, preview(seen.title, 280))


def remove_post(session: Session, target: Target, actor_id: int, now: dt.datetime) -> None:
    seen = posts.Seen(target.id, target.author_id, target.room_id, target.excerpt, None)
    # as its author's own delete: the queue writes the one audit row of a removal (moderation_reports)
    posts.do_delete_post(session=session, request=seen, actor_id=target.author_id, now=now)


def resolve_comment(session: Session, reporter_id: int, comment_id: int, _room_id: int | None) -> Target | None:
    row = session.exec(select(Comment.post_id, Comment.author_id, Comment.body, Comment.deleted_at).where(Comment.id == comment_id)).first()
    if row is None or row[3] is not None or row[1] == reporter_id:
        return None
    try:
        seen = posts.visible_post(session=session, post_id=row[0], viewer_id=reporter_id)
    except ValidationFailed:
        return None
    return Target("comment", comment_id, row[1], seen.room_id, preview(row[2], 280))


def remove_comment(session: Session, target: Target, actor_id: int, now: dt.datetime) -> None:
    post_id = session.exec(select(Comment.post_id).where(Comment.id == target.id)).first()
    if post_id is None:
        return
    seen = posts.Seen(post_id, target.author_id, target.room_id, "", None)
    comments.do_delete_comment(session=session, request=comments.ChangeComment(seen, target.id, target.author_id, target.author_id, ""), now=now)


def register() -> None:
    """Called by community.wiring at start-up (loading twice changes nothing)."""
    register_target("post", TargetKind("Post", resolve_post, remove_post))
    register_target("comment", TargetKind("Comment", resolve_comment, remove_comment))
