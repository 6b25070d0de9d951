"""Friend requests: send, accept, decline, cancel, remove. One row per pair; each change writes the row,
the notification (request received / accepted) and a "friends" push to both people's open tabs.

Notifications and pushes never carry a stranger's name: friends still see each other anonymised until
they are collaborators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.network.models import Friendship
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import routes, throttle
from engnest.platform.domain.errors import Conflict, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.events import push_after_commit
from engnest.platform.places.approximate import approximate_place
from engnest.platform.settings import get_settings
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.models import Profile

TOPIC = "friends"
ASK_AGAIN_AFTER = dt.timedelta(days=30)
RENOTIFY_AFTER = dt.timedelta(days=7)  # a re-sent request notifies again only after this long
FIELD = "friend"


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def get_friendship(*, session: Session, a: int, b: int) -> Friendship | None:
    low, high = _pair(a, b)
    return session.exec(select(Friendship).where(Friendship.user_low_id == low, Friendship.user_high_id == high)).first()


def _rows_of(session: Session, user_id: int) -> list[Friendship]:
    return list(
        session.exec(select(Friendship).where(sa.or_(col(Friendship.user_low_id) == user_id, col(Friendship.user_high_id) == user_id)))
    )


def friend_ids(*, session: Session, user_id: int) -> set[int]:
    return {r.other(user_id) for r in _rows_of(session, user_id) if r.status == "accepted"}


def relation_of(row: Friendship | None, viewer_id: int) -> str:
    """The friendship as `viewer_id` sees it: none, friends, sent, received or declined (they declined)."""
    if row is None:
        return "none"
    if row.status == "accepted":
        return "friends"
    mine = row.requester_id == viewer_id
    if row.status == "pending":
        return "sent" if mine else "received"
    return "declined" if mine else "none"  # who declined sees no trace of it


def relations_for(*, session: Session, viewer_id: int, ids: list[int]) -> dict[int, str]:
    rows = {r.other(viewer_id): r for r in _rows_of(session, viewer_id)}
    return {i: relation_of(rows.get(i), viewer_id) for i in ids}


def lists(*, session: Session, user_id: int) -> dict[str, list[Friendship]]:
    """The Friends page: accepted friends, requests received and requests sent (newest first)."""
    out: dict[str, list[Friendship]] = {"friends": [], "received": [], "sent": []}
    for row in sorted(_rows_of(session, user_id), key=lambda r: r.responded_at or r.created_at, reverse=True):
        kind = relation_of(row, user_id)
        if kind in out:
            out[kind].append(row)
    return out


def _describe(session: Session, user_id: int) -> str:
    """'A mechanical engineer near London': how a stranger is named in a notification."""
    profile = session.get(Profile, user_id)
    if profile is None:
        return "An engineer"
    label = DISCIPLINES.get(profile.discipline, "")
    who = f"{label.lower()} engineer" if label and label != "Other" else "engineer"
    place = approximate_place(profile.city_id)
    text = f"{'An' if who[0] in 'aeiou' else 'A'} {who}"
    return f"{text} ({place})" if place else text


def _require_person(session: Session, sender_id: int, target_id: int) -> None:
    if sender_id == target_id:
        raise ValidationFailed({FIELD: "You cannot send a friend request to yourself."})
    if session.get(User, target_id) is None or relations.is_blocked_between(session=session, a=sender_id, b=target_id):
        raise ValidationFailed({FIELD: "You cannot send a friend request to this person."})


@dataclass(frozen=True)
class SendRequest:
    user_id: int
    other_id: int
    accepts: bool  # they already asked: sending accepts their request
    friendship_id: int | None  # the row seen when checking (a declined one is asked again); None: a new row


@dataclass(frozen=True)
class FriendshipChange:
    """Accept, decline, cancel or remove: the caller's side of an existing friendship row."""

    user_id: int
    other_id: int
    friendship_id: int


def check_send_request(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> SendRequest:
    """May `user_id` ask `other_id` to be friends? If they already asked, sending accepts their request.
    Counts against the sender's friend-request limit (checked and counted in one step, keyed on the sender:
    parallel requests cannot all pass)."""
    _require_person(session, user_id, other_id)
    row = get_friendship(session=session, a=user_id, b=other_id)
    kind = relation_of(row, user_id)
    if kind == "friends":
        raise ValidationFailed({FIELD: "You are already friends."})
    if kind == "sent":
        raise ValidationFailed({FIELD: "You already sent a request; waiting for an answer."})
    if kind == "received":
        change = check_accept(session=session, user_id=user_id, other_id=other_id)
        return SendRequest(user_id, other_id, accepts=True, friendship_id=change.friendship_id)
    if kind == "declined" and row is not None:
        assert row.responded_at is not None  # a declined request has its answer's time
        again = ensure_aware_utc(row.responded_at) + ASK_AGAIN_AFTER
        if again > now:
            when = again.date()
            raise ValidationFailed({FIELD: f"They declined your last request. You can ask again from {when:%d %b %Y}."})
    throttle.take(get_settings().friend_request_limit, "friend-request", str(user_id), field=FIELD, what="friend requests")
    return SendRequest(user_id, other_id, accepts=False, friendship_id=row.id if row is not None else None)


def do_send_request(*, session: Session, request: SendRequest, now: dt.datetime) -> Friendship:
    """The request row (or the acceptance), the notification and a push to both."""
    user_id, other_id = request.user_id, request.other_id
    if request.accepts and request.friendship_id is not None:
        return do_accept(session=session, request=FriendshipChange(user_id, other_id, request.friendship_id), now=now)
    low, high = _pair(user_id, other_id)
    # A new row when the check saw none: of parallel identical requests the unique pair lets one insert win.
    row = session.get(Friendship, request.friendship_id) if request.friendship_id is not None else None
    row = row or Friendship(user_low_id=low, user_high_id=high, requester_id=user_id)
    row.requester_id, row.status, row.created_at, row.responded_at = user_id, "pending", now, None
    try:
        with session.begin_nested():
            session.add(row)
    except sa.exc.IntegrityError:  # the same request sent twice at once: the other one won
        raise Conflict({FIELD: "You already sent a request; waiting for an answer."}) from None
    if not _notified_recently(session, user_id, other_id, now):
        notifications.do_notify(
            session=session,
            user_id=other_id,
            kind="friend_request",
            title="New friend request",
            body=f"{_describe(session, user_id)} would like to be friends.",
            link=routes.FRIENDS,
            actor_id=user_id,
            now=now,
            dedupe_key=f"friend_request:{row.id}:{int(now.timestamp())}",
            subject_type="friendship",
            subject_id=row.id,
        )
    push_after_commit(session, [user_id, other_id], TOPIC)
    return row


def send_request(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> Friendship:
    return do_send_request(session=session, request=check_send_request(session=session, user_id=user_id, other_id=other_id, now=now), now=now)


def _notified_recently(session: Session, sender_id: int, target_id: int, now: dt.datetime) -> bool:
    """Whether `target_id` was told of a friend request from `sender_id` within RENOTIFY_AFTER: sending,
    withdrawing and sending again then shows the request on their Friends page, without a new notification."""
    since = now - RENOTIFY_AFTER
    found = session.exec(
        select(Notification.id).where(
            Notification.user_id == target_id, Notification.actor_id == sender_id,
            Notification.kind == "friend_request", Notification.created_at > since,
        )
    ).first()
    return found is not None


def _pending_from(session: Session, requester_id: int, addressee_id: int) -> Friendship:
    row = get_friendship(session=session, a=requester_id, b=addressee_id)
    if row is None or row.status != "pending" or row.requester_id != requester_id:
        raise ValidationFailed({FIELD: "That friend request is no longer pending."})
    return row


def _change(user_id: int, other_id: int, row: Friendship) -> FriendshipChange:
    assert row.id is not None
    return FriendshipChange(user_id, other_id, row.id)


def check_accept(*, session: Session, user_id: int, other_id: int) -> FriendshipChange:
    row = _pending_from(session, other_id, user_id)
    if relations.is_blocked_between(session=session, a=user_id, b=other_id):
        raise ValidationFailed({FIELD: "That friend request is no longer pending."})
    return _change(user_id, other_id, row)


def do_accept(*, session: Session, request: FriendshipChange, now: dt.datetime) -> Friendship:
    user_id, other_id = request.user_id, request.other_id
    row = session.get(Friendship, request.friendship_id)
    assert row is not None
    row.status, row.responded_at = "accepted", now
    session.add(row)
    notifications.do_notify(
        session=session,
        user_id=other_id,
        kind="friend_accepted",
        title="Friend request accepted",
        body=f"{_describe(session, user_id)} accepted your friend request.",
        link=routes.person_url(user_id),
        actor_id=user_id,
        now=now,
        dedupe_key=f"friend_accepted:{row.id}:{int(now.timestamp())}",
        subject_type="friendship",
        subject_id=row.id,
    )
    push_after_commit(session, [user_id, other_id], TOPIC)
    return row


def accept(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> Friendship:
    return do_accept(session=session, request=check_accept(session=session, user_id=user_id, other_id=other_id), now=now)


def check_decline(*, session: Session, user_id: int, other_id: int) -> FriendshipChange:
    return _change(user_id, other_id, _pending_from(session, other_id, user_id))


def do_decline(*, session: Session, request: FriendshipChange, now: dt.datetime) -> None:
    row = session.get(Friendship, request.friendship_id)
    assert row is not None
    row.status, row.responded_at = "declined", now
    session.add(row)
    push_after_commit(session, [request.user_id, request.other_id], TOPIC)


def decline(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> None:
    do_decline(session=session, request=check_decline(session=session, user_id=user_id, other_id=other_id), now=now)


def check_cancel(*, session: Session, user_id: int, other_id: int) -> FriendshipChange:
    return _change(user_id, other_id, _pending_from(session, user_id, other_id))


def check_remove(*, session: Session, user_id: int, other_id: int) -> FriendshipChange:
    row = get_friendship(session=session, a=user_id, b=other_id)
    if row is None or row.status != "accepted":
        raise ValidationFailed({FIELD: "You are not friends."})
    return _change(user_id, other_id, row)


def do_end(*, session: Session, request: FriendshipChange) -> None:
    """Cancel a request or end a friendship: the row goes."""
    row = session.get(Friendship, request.friendship_id)
    if row is not None:
        session.delete(row)
    push_after_commit(session, [request.user_id, request.other_id], TOPIC)


def cancel(*, session: Session, user_id: int, other_id: int) -> None:
    do_end(session=session, request=check_cancel(session=session, user_id=user_id, other_id=other_id))


def remove(*, session: Session, user_id: int, other_id: int) -> None:
    do_end(session=session, request=check_remove(session=session, user_id=user_id, other_id=other_id))


def close_circle(*, session: Session, user_id: int) -> set[int]:
    """Friends and collaborators: who sees this user's "last seen" and gets live presence updates."""
    return friend_ids(session=session, user_id=user_id) | relations.collaborator_ids(session=session, user_id=user_id)
