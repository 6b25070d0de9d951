"""Arrange rooms through the real services (shared by the room test tiers). Services never commit: these helpers
commit, as the outermost caller (an event handler's unit of work) does."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from factories import NOW
from sqlmodel import Session

from engnest.community.services import moderation, moderation_admins, moderation_reports, reports, room_chat, rooms
from engnest.platform.settings import reset_settings_cache


def create_room(session: Session, owner, name: str = "FEA clinic", *, visibility: str = "public", tags: str = "fea abaqus", topic: str = "Meshing help") -> int:
    request = rooms.check_create_room(session=session, owner_id=owner.id, name=name, topic=topic, tags=tags, visibility=visibility)
    room_id = rooms.do_create_room(session=session, request=request, now=NOW)
    session.commit()
    return room_id


def join(session: Session, person, room_id: int) -> bool:
    added = rooms.do_join(session=session, request=rooms.check_join(session=session, user_id=person.id, room_id=room_id), now=NOW)
    session.commit()
    return added


def set_role(session: Session, actor, room_id: int, target, role: str) -> None:
    request = rooms.check_set_role(session=session, actor_id=actor.id, room_id=room_id, user_id=target.id, role=role)
    rooms.do_set_role(session=session, request=request, now=NOW)
    session.commit()


def say(session: Session, sender, room_id: int, body: str = "Hello room", *, client_key: str | None = None, now=NOW):
    request = room_chat.check_send(session=session, sender_id=sender.id, room_id=room_id, body=body, client_key=client_key or str(uuid.uuid4()), now=now)
    row = room_chat.do_send(session=session, request=request, now=now)
    session.commit()
    return row


def mute(session: Session, actor, room_id: int, target, minutes: int = 60) -> None:
    request = moderation.check_mute(session=session, actor_id=actor.id, room_id=room_id, user_id=target.id, minutes=minutes, reason="Spam")
    moderation.do_mute(session=session, request=request, now=NOW)
    session.commit()


def generous_room_limit(monkeypatch) -> Iterator[None]:
    """No room rate limit (nor the new-account one: test accounts are minutes old) in the way (the body of each
    room test module's autouse fixture)."""
    monkeypatch.setenv("ROOM_RATE_LIMIT", "10000/minute")
    monkeypatch.setenv("NEW_ACCOUNT_LIMIT", "10000/minute")
    reset_settings_cache()
    yield
    monkeypatch.delenv("ROOM_RATE_LIMIT", raising=False)
    monkeypatch.delenv("NEW_ACCOUNT_LIMIT", raising=False)
    reset_settings_cache()


def report(session: Session, reporter, kind: str, target_id: int, reason: str = "spam", *, note: str = "", room_id: int | None = None, now=NOW) -> bool:
    request = reports.check_report(session=session, reporter_id=reporter.id, kind=kind, target_id=target_id, reason=reason, note=note, room_id=room_id, now=now)
    filed = reports.do_report(session=session, request=request, now=now)
    session.commit()
    return filed


def resolve(session: Session, actor, report_id: int, action: str, *, message: str = "", days: int | None = None, now=NOW) -> int:
    request = moderation_reports.check_resolve(session=session, actor_id=actor.id, report_id=report_id, action=action, message=message, days=days)
    closed = moderation_reports.do_resolve(session=session, request=request, now=now)
    session.commit()
    return closed


def make_admin(session: Session, person) -> None:
    request = moderation_admins.check_site_role_change(session=session, email=person.email, by="test")
    moderation_admins.do_grant(session=session, request=request, now=NOW)
    session.commit()
