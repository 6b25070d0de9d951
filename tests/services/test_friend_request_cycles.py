"""Sending, withdrawing and sending a friend request again (issue 9, §2.9) shows the request again but does
not notify the target again within friends.RENOTIFY_AFTER; after that a new request notifies once more."""

from __future__ import annotations

import sqlalchemy as sa
from factories import NOW, make_user

from engnest.network.services import friends
from engnest.notifications.models import Notification


def notes_for(session, user_id: int) -> int:
    return session.execute(
        sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == user_id, Notification.kind == "friend_request")
    ).scalar_one()


def test_a_withdrawn_and_resent_friend_request_notifies_the_target_once(session):
    ada, bo = make_user(session, complete=True), make_user(session, complete=True, city="Reading, United Kingdom")
    for minute in range(5):
        now = NOW + minute * friends.RENOTIFY_AFTER / 10
        friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=now)
        assert friends.relations_for(session=session, viewer_id=bo.id, ids=[ada.id]) == {ada.id: "received"}
        friends.cancel(session=session, user_id=ada.id, other_id=bo.id)
    assert notes_for(session, bo.id) == 1
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW + friends.RENOTIFY_AFTER * 1.5)
    assert notes_for(session, bo.id) == 2  # long after the last one: a real new request


def test_another_senders_request_still_notifies(session):
    ada, cy = make_user(session, complete=True), make_user(session, complete=True)
    bo = make_user(session, complete=True, city="Reading, United Kingdom")
    friends.send_request(session=session, user_id=ada.id, other_id=bo.id, now=NOW)
    friends.send_request(session=session, user_id=cy.id, other_id=bo.id, now=NOW)
    assert notes_for(session, bo.id) == 2
