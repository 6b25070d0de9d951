"""Friend requests and blocks on SQLite and PostgreSQL: each change writes the row, the notification and
the push together, and strangers' notifications never carry a name."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW, make_user

from engnest.network.models import Block, Friendship
from engnest.network.services import friends, relations
from engnest.notifications.models import Notification
from engnest.platform import events, routes
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings


@pytest.fixture
def pair(session):
    ada = make_user(session, complete=True, first_name="Ada", last_name="Byron")
    bo = make_user(session, complete=True, first_name="Bo", last_name="Chen", discipline="electrical", city="Reading, United Kingdom")
    return ada, bo


@pytest.fixture
def pushes():
    recorder = events.Recorder()
    events.add_sink(recorder)
    yield recorder
    events.remove_sink(recorder)


def notes_for(session, user):
    return list(session.exec(sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)).scalars())


def test_request_then_accept_makes_friends_and_notifies_each_side_anonymously(session, pair, pushes):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    received = notes_for(session, bo)
    assert [n.kind for n in received] == ["friend_request"]
    assert received[0].link == routes.FRIENDS and "Ada" not in received[0].body + received[0].title
    assert received[0].body == "A mechanical engineer (London, United Kingdom) would like to be friends."
    assert friends.relations_for(session=session, viewer_id=ada.id, ids=[bo.id]) == {bo.id: "sent"}
    assert friends.relations_for(session=session, viewer_id=bo.id, ids=[ada.id]) == {ada.id: "received"}

    friends.accept(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    accepted = notes_for(session, ada)
    assert [n.kind for n in accepted] == ["friend_accepted"] and accepted[0].link == routes.person_url(bo.id)
    assert "Bo" not in accepted[0].body and "near Reading" not in accepted[0].body
    assert friends.friend_ids(session=session, user_id=ada.id) == {bo.id}
    assert friends.close_circle(session=session, user_id=bo.id) == {ada.id}
    session.commit()  # the pushes go out after the caller's commit
    assert pushes.topics_for(ada.id).count("friends") == 2 and "notifications" in pushes.topics_for(bo.id)


def test_asking_someone_who_already_asked_you_accepts(session, pair):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.send_request(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    assert friends.relations_for(session=session, viewer_id=ada.id, ids=[bo.id]) == {bo.id: "friends"}


def test_decline_hides_it_from_the_decliner_and_delays_asking_again(session, pair):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.decline(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    assert friends.relations_for(session=session, viewer_id=bo.id, ids=[ada.id]) == {ada.id: "none"}
    assert friends.relations_for(session=session, viewer_id=ada.id, ids=[bo.id]) == {bo.id: "declined"}
    assert friends.friend_ids(session=session, user_id=ada.id) == set()
    with pytest.raises(ValidationFailed) as exc:
        friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW + dt.timedelta(days=3))
    assert "ask again from" in exc.value.errors["friend"]
    # The one who declined may still ask; and after the wait, so may the other.
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW + dt.timedelta(days=31))
    assert friends.relations_for(session=session, viewer_id=bo.id, ids=[ada.id]) == {ada.id: "received"}


def test_cancel_and_remove(session, pair):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    with pytest.raises(ValidationFailed):
        friends.cancel(session=session, user_id=bo.id, other_id=ada.id)  # only the sender cancels
    friends.cancel(session=session, user_id=ada.id, other_id=bo.id)
    assert friends.get_friendship(session=session, a=ada.id, b=bo.id) is None
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.accept(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    friends.remove(session=session, user_id=bo.id, other_id=ada.id)
    assert friends.friend_ids(session=session, user_id=ada.id) == set()
    with pytest.raises(ValidationFailed):
        friends.remove(session=session, user_id=bo.id, other_id=ada.id)


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_only_the_addressee_answers_a_request(session, pair, step):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    with pytest.raises(ValidationFailed):
        getattr(friends, step)(session=session, user_id=ada.id, other_id=bo.id, now=NOW)


def test_bad_targets_write_nothing(session, pair):
    ada, bo = pair
    for other in (ada.id, 999_999):
        with pytest.raises(ValidationFailed):
            friends.send_request(session=session, user_id=ada.id, other_id=other, now=NOW)
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    for _ in range(2):
        with pytest.raises(ValidationFailed, match="already sent"):
            friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    assert session.execute(sa.select(sa.func.count()).select_from(Friendship)).scalar_one() == 1
    assert len(notes_for(session, bo)) == 1


def test_blocking_ends_the_friendship_and_blocks_new_requests_both_ways(session, pair):
    ada, bo = pair
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.accept(session=session, user_id=bo.id, other_id=ada.id, now=NOW)
    relations.block(session=session, blocker=bo.id, blocked=ada.id, now=NOW)
    relations.block(session=session, blocker=bo.id, blocked=ada.id, now=NOW)  # idempotent
    assert friends.friend_ids(session=session, user_id=ada.id) == set()
    for sender, target in ((ada, bo), (bo, ada)):
        with pytest.raises(ValidationFailed, match="cannot send"):
            friends.send_request(session=session, user_id=sender.id, other_id=target.id, now=NOW)
    assert [b.blocked_id for b in relations.blocked_by(session=session, user_id=bo.id)] == [ada.id]
    relations.do_unblock(session=session, blocker=bo.id, blocked=ada.id)
    assert session.execute(sa.select(sa.func.count()).select_from(Block)).scalar_one() == 0
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)


def test_blocking_yourself_or_nobody_is_refused(session, pair):
    ada, _ = pair
    for target in (ada.id, 424242):
        with pytest.raises(ValidationFailed):
            relations.block(session=session, blocker=ada.id, blocked=target, now=NOW)


def test_friend_requests_are_rate_limited(session, monkeypatch):
    monkeypatch.setattr(get_settings(), "friend_request_limit", "2/day")
    sender = make_user(session, complete=True)
    targets = [make_user(session, complete=True) for _ in range(3)]
    for target in targets[:2]:
        friends.send_request(session=session, user_id=sender.id, other_id=target.id, now=NOW)
    with pytest.raises(ValidationFailed, match="Too many friend requests"):
        friends.send_request(session=session, user_id=sender.id, other_id=targets[2].id, now=NOW)
