"""Weekly availability: each person edits only their own windows; the request form reads both people's to
offer times that suit both. Rules in meetings.domain.availability. The caller commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from engnest.accounts.models import User
from engnest.meetings.domain import availability as rules
from engnest.meetings.models import AvailabilityWindow
from engnest.platform.domain.errors import ValidationFailed


def windows_of(*, session: Session, user_id: int) -> list[rules.Window]:
    rows = session.exec(select(AvailabilityWindow).where(AvailabilityWindow.user_id == user_id)).all()
    return rules.merge(rules.Window(r.weekday, r.start_minute, r.end_minute) for r in rows)


def week_texts(*, session: Session, user_id: int) -> list[str]:
    """The settings editor's seven texts (Monday first)."""
    return rules.day_texts(windows_of(session=session, user_id=user_id))


@dataclass(frozen=True)
class SetWeek:
    user_id: int
    windows: tuple[rules.Window, ...]


def check_set_week(*, session: Session, user_id: int, texts: Sequence[str]) -> SetWeek:
    """The seven days' texts as windows; ValidationFailed has one message per bad day."""
    windows = rules.check_week(list(texts) if isinstance(texts, list | tuple) else [])
    if session.get(User, user_id) is None:
        raise ValidationFailed(form="Your account no longer exists.")
    return SetWeek(user_id, tuple(windows))


def do_set_week(*, session: Session, request: SetWeek, now: dt.datetime) -> list[rules.Window]:
    """Replace the user's weekly availability. `now` is unused today and kept for the service convention (and an
    audit later)."""
    session.exec(delete(AvailabilityWindow).where(col(AvailabilityWindow.user_id) == request.user_id))  # type: ignore[call-overload]
    for w in request.windows:
        session.add(AvailabilityWindow(user_id=request.user_id, weekday=w.weekday, start_minute=w.start, end_minute=w.end))
    session.flush()
    return list(request.windows)


def set_week(*, session: Session, user_id: int, texts: Sequence[str], now: dt.datetime) -> list[rules.Window]:
    """Replace the user's weekly availability with the seven days' texts; a bad day writes nothing."""
    return do_set_week(session=session, request=check_set_week(session=session, user_id=user_id, texts=texts), now=now)


def pair_windows(*, session: Session, requester_id: int, recipient_id: int) -> tuple[list[rules.Window], list[rules.Window]]:
    """Both people's windows, for the request form (the requester's first)."""
    return windows_of(session=session, user_id=requester_id), windows_of(session=session, user_id=recipient_id)
