"""Arrange direct-message data through the real services (shared by the DM test tiers). Services never commit:
these helpers commit, as the outermost caller (an event handler's unit of work) does."""

from __future__ import annotations

import itertools
import uuid

import sqlalchemy as sa
from factories import NOW, make_user
from sqlmodel import Session, select

from engnest.messaging.models import Message
from engnest.messaging.services import message_views, messages
from engnest.network.models import Block
from engnest.network.services import relations

_names = itertools.cycle([("Ada", "Lovelace"), ("Grace", "Hopper"), ("Hedy", "Lamarr"), ("Nikola", "Tesla"), ("Emily", "Roebling")])


def person(session: Session, **kw):
    first, last = next(_names)
    kw.setdefault("first_name", first)
    kw.setdefault("last_name", last)
    return make_user(session, complete=True, **kw)


def collaborators(session: Session, a, b, now=NOW) -> None:
    relations.do_make_collaborators(session=session, a=a.id, b=b.id, now=now)
    session.commit()


def block(session: Session, blocker, blocked) -> None:
    session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id, created_at=NOW))
    session.commit()


def key() -> str:
    return str(uuid.uuid4())


def conversation(session: Session, a, b, now=NOW) -> int:
    """The direct conversation of a and b (opened the first time, as the thread page does)."""
    conversation_id = messages.open_direct(session=session, me=a.id, peer=b.id, now=now)
    session.commit()
    return conversation_id


def send(session: Session, sender, recipient, body: str = "Hello there", *, now=NOW, client_key: str | None = None, viewing=False):
    return send_to(session, sender, conversation(session, sender, recipient, now), body, now=now, client_key=client_key, viewing=viewing)


def send_to(session: Session, sender, conversation_id: int, body: str = "Hello there", *, now=NOW, client_key: object = None, viewing=False):
    sent = messages.send_message(
        session=session,
        sender_id=sender.id,
        conversation_id=conversation_id,
        body=body,
        client_key=key() if client_key is None else client_key,
        now=now,
        recipient_viewing=viewing,
    )
    session.commit()
    return sent


def mark_read(session: Session, reader, peer, *, now=NOW, up_to_id: int | None = None) -> int:
    conversation_id = message_views.direct_conversation_id(session=session, a=reader.id, b=peer.id)
    changed = messages.mark_read(session=session, reader_id=reader.id, conversation_id=conversation_id, now=now, up_to_id=up_to_id)
    session.commit()
    return changed


def open_thread(session: Session, me, peer, *, now=NOW):
    opened = messages.open_thread(session=session, me=me.id, peer=peer.id, now=now)
    session.commit()
    return opened


def count(session, model=Message) -> int:
    return session.exec(select(sa.func.count()).select_from(model)).one()
