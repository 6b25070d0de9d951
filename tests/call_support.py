"""Arrange call data through the real services (shared by the call test tiers)."""

from __future__ import annotations

import datetime as dt

from dm_support import block, collaborators, person  # noqa: F401  (re-exported for the call tests)
from factories import NOW
from sqlmodel import Session

from engnest.calls.services import calls


def ring(session: Session, a, b, *, now: dt.datetime = NOW, media: str = "video") -> calls.CallView:
    view = calls.start_call(session=session, caller_id=a.id, callee_id=b.id, media=media, now=now)
    session.commit()
    return view


def live_call(session: Session, a, b, *, now: dt.datetime = NOW) -> calls.CallView:
    view = ring(session, a, b, now=now)
    calls.accept(session=session, call_id=view.id, me=b.id, now=now + dt.timedelta(seconds=3))
    session.commit()
    return view


OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}
