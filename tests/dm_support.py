"""Arrange direct-message data through the real services (shared by the DM test tiers)."""

from __future__ import annotations

import itertools
import uuid

import sqlalchemy as sa
from factories import NOW, make_user
from sqlmodel import Session, select

from engnest.messaging.models import DirectMessage
from engnest.messaging.services import messages
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


def send(session: Session, sender, recipient, body: str = "Hello there", *, now=NOW, client_key: str | None = None, viewing=False):
    return messages.check_send_message(
        session=session,
        sender_id=sender.id,
        recipient_id=recipient.id,
        body=body,
        client_key=client_key or key(),
        now=now,
        recipient_viewing=viewing,
    )


def count(session, model=DirectMessage) -> int:
    return session.exec(select(sa.func.count()).select_from(model)).one()
