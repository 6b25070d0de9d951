"""Writing posts: create (anywhere, or in a room the author may post in), edit (the author; marked edited), delete
(the author, or a moderator of the post's room), and vote (one per person, changeable, atomic).

Who may see a post (`visible_post`): anyone signed in, for a post outside rooms or in a public room; members only
for a private room; never someone blocked either way with its author (the same answer as for a post that does
not exist, so ids cannot be probed). Convention: `check_*` validate and write nothing, `do_*` write, nothing
here commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from engnest.community.domain import permissions as perm
from engnest.community.domain import posts as rules
from engnest.community.domain.permissions import MODERATOR, OWNER, Action
from engnest.community.domain.rooms import PRIVATE
from engnest.community.models import Comment, Post, PostTag, PostVote, Room, RoomMember
from engnest.community.services import moderation_gate
from engnest.community.services.mentions import do_notify_mentions
from engnest.community.services.pseudonyms import do_ensure_pseudonym
from engnest.community.services.rooms import audit, require
from engnest.network.services.relations import blocked_ids
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc

TOPIC = "post"
NO_POST = "This post is not available to you."
STAFF = (OWNER, MODERATOR)  # not held by the new-account limit in their own room (moderation_gate)
POST_LIMIT = "10/hour"
VOTE_LIMIT = "120/minute"


@dataclass(frozen=True)
class Seen:
    """A post the viewer may see, and what they may do with it."""

    post_id: int
    author_id: int
    room_id: int | None
    title: str
    role: str | None  # the viewer's role in the post's room (None: not a member, or no room)


def visible_post(*, session: Session, post_id: object, viewer_id: int) -> Seen:
    if not isinstance(post_id, int) or isinstance(post_id, bool):
        raise ValidationFailed(form=NO_POST)
    # sqlmodel's select() is typed up to 4 columns; its Select class (what select() builds) takes any number. Column
    # types as declared, except that a primary key read back from the database is never None.
    stmt = (
        Select[int, int, int | None, str, str | None, str | None](
            col(Post.id), col(Post.author_id), col(Post.room_id), col(Post.title), col(Room.visibility), col(RoomMember.role),
        )
        .outerjoin(Room, col(Room.id) == col(Post.room_id))
        .outerjoin(RoomMember, sa.and_(col(RoomMember.room_id) == col(Post.room_id), col(RoomMember.user_id) == viewer_id))
        .where(col(Post.id) == post_id)
    )
    row = session.exec(stmt).first()
    if row is None:
        raise ValidationFailed(form=NO_POST)
    pid, author_id, room_id, title, visibility, role = row
    if (visibility == PRIVATE and role is None) or author_id in blocked_ids(session=session, user_id=viewer_id):
        raise ValidationFailed(form=NO_POST)
    return Seen(pid, author_id, room_id, title, role)


# --- Creating and editing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPost:
    author_id: int
    room_id: int | None
    draft: rules.PostDraft


def check_create_post(*, session: Session, author_id: int, room_id: object, title: object, body: object, code: object = "",
                      language: object = rules.AUTO, tags: object = "", now: dt.datetime) -> NewPost:
    """A valid post; in a room, by a member allowed to post there (not muted); not suspended, within the
    new-account limit (a room's owners and moderators are not held by it there) and the posting limit."""
    draft = rules.check_post(title=title, body=body, code=code, language=language, tags=tags)
    room: int | None = None
    role: str | None = None
    if room_id not in (None, "", 0):
        member = require(session=session, room_id=room_id, user_id=author_id, action=Action.POST)
        room, role = member.room_id, member.role
    moderation_gate.check_may_write(session=session, user_id=author_id, kind="post", now=now, exempt=role in STAFF)
    throttle.take(POST_LIMIT, "post-create", str(author_id), field="form", what="new posts")
    return NewPost(author_id, room, draft)


def do_create_post(*, session: Session, request: NewPost, now: dt.datetime) -> int:
    do_ensure_pseudonym(session=session, user_id=request.author_id, now=now)
    d = request.draft
    post = Post(
        author_id=request.author_id, room_id=request.room_id, title=d.title, body=d.body, code=d.code, language=d.language,
        tags=rules.tags_text(d.tags), hot=rules.hot(0, now), created_at=now,
    )
    session.add(post)
    session.flush()
    assert post.id is not None
    for tag in d.tags:
        session.add(PostTag(tag=tag, post_id=post.id, hot=post.hot, score=0, created_at=now))
    do_notify_mentions(session=session, author_id=request.author_id, text=f"{d.title}\n{d.body}", post_id=post.id,
                       post_title=d.title, room_id=request.room_id, now=now)
    return post.id


@dataclass(frozen=True)
class EditPost:
    seen: Seen
    draft: rules.PostDraft


def check_edit_post(*, session: Session, editor_id: int, post_id: object, title: object, body: object, code: object = "",
                    language: object = rules.AUTO, tags: object = "") -> EditPost:
    seen = visible_post(session=session, post_id=post_id, viewer_id=editor_id)
    if seen.author_id != editor_id:
        raise ValidationFailed(form="Only its author can edit a post.")
    return EditPost(seen, rules.check_post(title=title, body=body, code=code, language=language, tags=tags))


def do_edit_post(*, session: Session, request: EditPost, now: dt.datetime) -> None:
    d, post_id = request.draft, request.seen.post_id
    hot, score, created_at = session.exec(select(Post.hot, Post.score, Post.created_at).where(Post.id == post_id)).one()
    session.execute(sa.update(Post).where(col(Post.id) == post_id).values(
        title=d.title, body=d.body, code=d.code, language=d.language, tags=rules.tags_text(d.tags), edited_at=now,
    ))
    session.execute(sa.delete(PostTag).where(col(PostTag.post_id) == post_id))
    for tag in d.tags:
        session.add(PostTag(tag=tag, post_id=post_id, hot=hot, score=score, created_at=created_at))
    events.push_after_commit(session, [request.seen.author_id], TOPIC, {"post": post_id, "kind": "edited"})


def check_delete_post(*, session: Session, actor_id: int, post_id: object) -> Seen:
    """The author deletes their post; a moderator or owner of its room may remove it too."""
    seen = visible_post(session=session, post_id=post_id, viewer_id=actor_id)
    if seen.author_id != actor_id and not perm.may(seen.role, Action.REMOVE_MESSAGE):
        raise ValidationFailed(form="Only its author or a moderator of its room can delete a post.")
    return seen


def do_delete_post(*, session: Session, request: Seen, actor_id: int, now: dt.datetime) -> None:
    """The post goes with its tags, votes and comments (ON DELETE CASCADE, and explicitly for SQLite files opened
    without foreign keys); a moderator's removal is in the room's audit."""
    session.execute(sa.update(Comment).where(col(Comment.post_id) == request.post_id).values(parent_id=None))
    session.execute(sa.delete(Comment).where(col(Comment.post_id) == request.post_id))
    session.execute(sa.delete(PostVote).where(col(PostVote.post_id) == request.post_id))
    session.execute(sa.delete(PostTag).where(col(PostTag.post_id) == request.post_id))
    session.execute(sa.delete(Post).where(col(Post.id) == request.post_id))
    if actor_id != request.author_id and request.room_id is not None:
        audit(session, room_id=request.room_id, actor_id=actor_id, action="remove_post", target_user_id=request.author_id,
              detail=request.title[:200], now=now)


# --- Votes -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vote:
    seen: Seen
    user_id: int
    value: int


def check_vote(*, session: Session, user_id: int, post_id: object, value: object, now: dt.datetime) -> Vote:
    """Up, down or none on a post the voter may see (not their own), through the community's write gate, within
    the voting limit."""
    clean = rules.check_vote(value)
    seen = visible_post(session=session, post_id=post_id, viewer_id=user_id)
    if seen.author_id == user_id:
        raise ValidationFailed(form="You cannot vote on your own post.")
    moderation_gate.check_may_write(session=session, user_id=user_id, kind="vote", now=now, exempt=seen.role in STAFF)
    throttle.take(VOTE_LIMIT, "post-vote", str(user_id), field="form", what="votes")
    return Vote(seen, user_id, clean)


def do_vote(*, session: Session, request: Vote, now: dt.datetime) -> int:
    """Set the person's vote and move the post's counts by the difference, under the post row's write lock (the
    first statement is the update), so parallel votes are counted one after the other. Returns the new score."""
    post_id = request.seen.post_id
    session.execute(sa.update(Post).where(col(Post.id) == post_id).values(id=col(Post.id)))  # the lock, before reading the old vote
    old = session.exec(select(PostVote.value).where(PostVote.post_id == post_id, PostVote.user_id == request.user_id)).first() or 0
    new = request.value
    if old == new:
        return int(session.exec(select(Post.score).where(Post.id == post_id)).one())
    if new == 0:
        session.execute(sa.delete(PostVote).where(col(PostVote.post_id) == post_id, col(PostVote.user_id) == request.user_id))
    elif old == 0:
        session.add(PostVote(post_id=post_id, user_id=request.user_id, value=new, created_at=now))
    else:
        session.execute(sa.update(PostVote).where(col(PostVote.post_id) == post_id, col(PostVote.user_id) == request.user_id).values(value=new))
    ups = (new == 1) - (old == 1)
    downs = (new == -1) - (old == -1)
    score, created_at = session.execute(
        sa.update(Post).where(col(Post.id) == post_id)
        .values(score=Post.score + (new - old), ups=Post.ups + ups, downs=Post.downs + downs)
        .returning(col(Post.score), col(Post.created_at))
    ).one()
    hot = rules.hot(score, ensure_aware_utc(created_at))
    session.execute(sa.update(Post).where(col(Post.id) == post_id).values(hot=hot))
    session.execute(sa.update(PostTag).where(col(PostTag.post_id) == post_id).values(hot=hot, score=score))
    return int(score)
