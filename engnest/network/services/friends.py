"""Friend requests: send, accept, decline, cancel, remove. One row per pair; each change commits the row,
the notification (request received / accepted) and a "friends" push to both people's open tabs.

Notifications and pushes never carry a stranger's name: friends still see each other anonymised until
they are collaborators.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.network.models import Friendship
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import routes, throttle
from engnest.platform.domain.errors import ValidationFailed
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
        session.exec(select(Friendship).where(sa.or_(Friendship.user_low_id == user_id, Friendship.user_high_id == user_id)))
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


def check_send_request(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> Friendship:
    """Ask `other_id` to be friends; if they already asked, this accepts their request."""
    _require_person(session, user_id, other_id)
    row = get_friendship(session=session, a=user_id, b=other_id)
    kind = relation_of(row, user_id)
    if kind == "friends":
        raise ValidationFailed({FIELD: "You are already friends."})
    if kind == "sent":
        raise ValidationFailed({FIELD: "You already sent a request; waiting for an answer."})
    if kind == "received":
        return check_accept(session=session, user_id=user_id, other_id=other_id, now=now)
    if kind == "declined" and ensure_aware_utc(row.responded_at) + ASK_AGAIN_AFTER > now:
        when = (ensure_aware_utc(row.responded_at) + ASK_AGAIN_AFTER).date()
        raise ValidationFailed({FIELD: f"They declined your last request. You can ask again from {when:%d %b %Y}."})
    # Checked and counted in one step, keyed on the sender: parallel requests cannot all pass the check.
    throttle.take(get_settings().friend_request_limit, "friend-request", str(user_id), field=FIELD, what="friend requests")
    low, high = _pair(user_id, other_id)
    row = row or Friendship(user_low_id=low, user_high_id=high, requester_id=user_id)
    row.requester_id, row.status, row.created_at, row.responded_at = user_id, "pending", now, None
    try:
        session.add(row)
        session.flush()
    except sa.exc.IntegrityError:  # the same request sent twice at once: the other one won
        session.rollback()
        raise ValidationFailed({FIELD: "You already sent a request; waiting for an answer."}) from None
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
    session.commit()
    return row


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


def check_accept(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> Friendship:
    row = _pending_from(session, other_id, user_id)
    if relations.is_blocked_between(session=session, a=user_id, b=other_id):
        raise ValidationFailed({FIELD: "That friend request is no longer pending."})
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
    session.commit()
    return row


def check_decline(*, session: Session, user_id: int, other_id: int, now: dt.datetime) -> None:
    row = _pending_from(session, other_id, user_id)
    row.status, row.responded_at = "declined", now
    session.add(row)
    push_after_commit(session, [user_id, other_id], TOPIC)
    session.commit()


def check_cancel(*, session: Session, user_id: int, other_id: int) -> None:
    row = _pending_from(session, user_id, other_id)
    session.delete(row)
    push_after_commit(session, [user_id, other_id], TOPIC)
    session.commit()


def check_remove(*, session: Session, user_id: int, other_id: int) -> None:
    row = get_friendship(session=session, a=user_id, b=other_id)
    if row is None or row.status != "accepted":
        raise ValidationFailed({FIELD: "You are not friends."})
    session.delete(row)
    push_after_commit(session, [user_id, other_id], TOPIC)
    session.commit()



def close_circle(*, session: Session, user_id: int) -> set[int]:
    """Friends and collaborators: who sees this user's "last seen" and gets live presence updates."""
    return friend_ids(session=session, user_id=user_id) | relations.collaborator_ids(session=session, user_id=user_id)
