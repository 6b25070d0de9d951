"""Posts and comments under the community's moderation (issue 13 items 3 and 4), on SQLite and PostgreSQL: they can
be reported like room messages and removed from the queue with one audit row; a suspended account cannot post,
comment or vote; a new account is held by the new-account limit, a room's moderator is not in their own room."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from dm_support import person
from factories import NOW
from post_support import comment, post, vote
from room_support import create_room, join, make_admin, report, resolve, say

from engnest.community.models import Comment, ModerationAction, Post, Report
from engnest.community.services import comments, moderation_queue, posts, reports
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache


def report_id(session, kind: str, target_id: int) -> int:
    return session.execute(sa.select(Report.id).where(Report.target_kind == kind, Report.target_id == target_id)).scalars().one()


def test_a_reported_post_and_comment_reach_the_rooms_moderator_and_are_removed_with_one_audit_row(session):
    owner, author, reader = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    for p in (author, reader):
        join(session, p, room_id)
    spam = post(session, author, "Buy my course", body="cheap FEA licences", room_id=room_id)
    reply = comment(session, author, spam, "also on sale today")
    mine = post(session, reader, "My own post", room_id=room_id)
    # The reader may report what they see and did not write; not their own post, not a post that is not there.
    assert report(session, reader, "post", spam, "spam") is True
    assert report(session, reader, "comment", reply, "spam") is True
    for kind, target in (("post", mine), ("post", 999_999), ("comment", 999_999)):
        with pytest.raises(ValidationFailed):
            reports.check_report(session=session, reporter_id=reader.id, kind=kind, target_id=target, reason="spam", now=NOW)
    queue = moderation_queue.queue(session=session, viewer_id=owner.id).items
    assert sorted(item.kind for item in queue) == ["comment", "post"]
    assert resolve(session, owner, report_id(session, "comment", reply), "remove") == 1
    assert session.get(Comment, reply).deleted_at is not None
    assert resolve(session, owner, report_id(session, "post", spam), "remove") == 1
    assert session.get(Post, spam) is None and session.get(Post, mine) is not None
    audit = session.execute(sa.select(ModerationAction.action, ModerationAction.target_user_id).where(ModerationAction.room_id == room_id)
                            .where(ModerationAction.action.in_(["remove_post", "remove_comment"]))).all()
    assert sorted(audit) == [("remove_comment", author.id), ("remove_post", author.id)]


def test_a_post_outside_rooms_goes_to_site_admins(session):
    author, reader, admin = person(session), person(session), person(session)
    make_admin(session, admin)
    spam = post(session, author, "Buy my course")
    assert report(session, reader, "post", spam, "spam") is True
    assert [item.kind for item in moderation_queue.queue(session=session, viewer_id=admin.id).items] == ["post"]


def test_a_suspended_account_cannot_post_comment_or_vote(session):
    owner, spammer, reader, admin = person(session), person(session), person(session), person(session)
    make_admin(session, admin)
    room_id = create_room(session, owner)
    for p in (spammer, reader):
        join(session, p, room_id)
    theirs = post(session, reader, "Someone else's post")  # what the spammer could vote or comment on
    line = say(session, spammer, room_id, "buy my course")
    report(session, reader, "message", line.id)
    resolve(session, admin, report_id(session, "message", line.id), "suspend", message="Repeated advertising", days=7)
    at = NOW + dt.timedelta(days=1)
    for attempt in (
        lambda: posts.check_create_post(session=session, author_id=spammer.id, room_id=None, title="Still here", body="x", now=at),
        lambda: comments.check_comment(session=session, author_id=spammer.id, post_id=theirs, body="x", now=at),
        lambda: posts.check_vote(session=session, user_id=spammer.id, post_id=theirs, value=1, now=at),
    ):
        with pytest.raises(ValidationFailed, match="suspended until"):
            attempt()
    later = NOW + dt.timedelta(days=7, seconds=1)  # the suspension ended: the same writes go through
    assert vote(session, spammer, theirs, 1, now=later) == 1


def test_a_new_account_is_held_by_the_new_account_limit_but_a_moderator_in_their_own_room_is_not(session, monkeypatch):
    monkeypatch.setenv("NEW_ACCOUNT_LIMIT", "2/hour")
    reset_settings_cache()
    throttle.reset_all()
    try:
        newcomer, owner = person(session), person(session)
        room_id = create_room(session, owner)
        for i in range(2):
            post(session, newcomer, f"Question {i}")
        with pytest.raises(ValidationFailed, match="from a new account"):
            posts.check_create_post(session=session, author_id=newcomer.id, room_id=None, title="One more", body="x", now=NOW)
        for i in range(4):  # the room's owner posts in their own room beyond the limit
            post(session, owner, f"Room news {i}", room_id=room_id)
    finally:
        monkeypatch.delenv("NEW_ACCOUNT_LIMIT")
        reset_settings_cache()
