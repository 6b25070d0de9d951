"""The gate every community write passes (room messages here; posts, comments and votes call it too): a
suspended account writes nothing and is told until when and why; a new account (under a day old or not yet
confirmed) has a tighter limit per kind of write.

The new-account limit is one atomic check-and-count in the limiter (parallel writes cannot all pass) and is
keyed on the normalised address (`accounts.domain.accounts.identity_key`), as sign-in's limits are: an account
deleted and made again with the same address, in any spelling, starts where it left off. A room's owners and
moderators are never held by it in their own room (`exempt`): a new person who opens a room can always speak and
moderate there. One query reads the account and its suspension."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.domain.accounts import identity_key
from engnest.accounts.models import User
from engnest.community.domain import moderation as rules
from engnest.community.models import Suspension
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings

KINDS = ("room_message", "post", "comment", "vote", "report", "room")
WHAT = {"room_message": "messages in rooms", "post": "posts", "comment": "comments", "vote": "votes", "report": "reports", "room": "new rooms"}


def ends_text(ends_at: dt.datetime) -> str:
    return f"{ensure_aware_utc(ends_at):%d %b %Y %H:%M} UTC"


def suspension_of(*, session: Session, user_id: int, now: dt.datetime) -> rules.SuspensionSpan | None:
    """The suspension in force for the person at `now` (None: not suspended)."""
    rows = session.exec(
        select(col(Suspension.ends_at), col(Suspension.reason)).where(col(Suspension.user_id) == user_id, col(Suspension.lifted_at).is_(None), col(Suspension.ends_at) > now)
    ).all()
    return rules.active_suspension([rules.SuspensionSpan(ensure_aware_utc(e), r) for e, r in rows], now)


def suspension_notice(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """'' or what a suspended person is shown: until when, and why."""
    found = suspension_of(session=session, user_id=user_id, now=now)
    return rules.suspension_notice(ends_text(found.ends_at), found.reason) if found else ""


def check_may_write(*, session: Session, user_id: int, kind: str, now: dt.datetime, field: str = "form", exempt: bool = False) -> None:
    """Refuse a suspended account (the notice says until when and why), then count one write of `kind` against
    the new-account limit if the account is new and not `exempt`."""
    row = session.exec(
        select(User.email, User.created_at, User.email_verified_at, sa.func.max(Suspension.ends_at))
        .outerjoin(Suspension, sa.and_(col(Suspension.user_id) == col(User.id), col(Suspension.lifted_at).is_(None), col(Suspension.ends_at) > now))
        .where(User.id == user_id)
        .group_by(col(User.id), col(User.email), col(User.created_at), col(User.email_verified_at))
    ).first()
    if row is None:
        raise ValidationFailed({field: "Sign in again."})
    email, created_at, verified_at, suspended_until = row
    if suspended_until is not None:
        raise ValidationFailed({field: suspension_notice(session=session, user_id=user_id, now=now)})
    if exempt:
        return
    verified = ensure_aware_utc(verified_at) if verified_at else None
    if rules.is_new_account(created_at=ensure_aware_utc(created_at), verified_at=verified, now=now):
        throttle.take(get_settings().new_account_limit, "new-account", kind, identity_key(email), field=field,
                      what=f"{WHAT.get(kind, 'posts')} from a new account")
