"""Pseudonyms: the stable name a person has in community spaces, and the names a viewer sees there.

A collaborator (someone the viewer has met) sees the real name; everyone else sees the pseudonym. A person is
given a generated pseudonym the first time they enter a community space, and may choose a handle instead; the
redactor refuses a handle with any of their names, user names, hidden words or contact details in it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.community.domain import pseudonyms
from engnest.community.models import Pseudonym
from engnest.messaging.services.message_views import peers
from engnest.network.services.relations import collaborator_ids
from engnest.platform.domain.errors import Conflict, ValidationFailed
from engnest.profiles.domain import redaction
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.models import Profile
from engnest.profiles.services.anonymise import owner_of

TAKEN = "That handle is taken; choose another."
ATTEMPTS = 8


@dataclass(frozen=True)
class ShownName:
    user_id: int
    name: str
    met: bool  # True: the real name (a collaborator); False: the pseudonym


def _profile(session: Session, user_id: int) -> Profile | None:
    return session.exec(select(Profile).where(Profile.user_id == user_id)).first()


def pseudonym_of(*, session: Session, user_id: int) -> str | None:
    return session.exec(select(Pseudonym.handle).where(Pseudonym.user_id == user_id)).first()


def _insert(session: Session, user_id: int, handle: str, chosen: bool, now: dt.datetime) -> bool:
    """Insert or replace the person's pseudonym; False if the handle is taken (nothing written)."""
    try:
        with session.begin_nested():
            row = session.get(Pseudonym, user_id)
            if row is None:
                row = Pseudonym(user_id=user_id, handle=handle, handle_key=pseudonyms.handle_key(handle), chosen=chosen, created_at=now)
            else:
                row.handle, row.handle_key, row.chosen = handle, pseudonyms.handle_key(handle), chosen
            session.add(row)
            session.flush()
        return True
    except sa.exc.IntegrityError:
        return False


def do_ensure_pseudonym(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """The person's pseudonym, generated ("Structural engineer · Leeds · #4821") the first time."""
    found = pseudonym_of(session=session, user_id=user_id)
    if found:
        return found
    profile = _profile(session, user_id)
    label = DISCIPLINES.get(profile.discipline, "") if profile else ""
    city = profile.city_name if profile else ""
    for _ in range(ATTEMPTS):
        handle = pseudonyms.generated(label, city, secrets.randbelow(10000))
        if _insert(session, user_id, handle, False, now):
            return handle
        found = pseudonym_of(session=session, user_id=user_id)  # made by a parallel request
        if found:
            return found
    raise Conflict(form="Could not make a pseudonym; try again.")


def check_handle(*, session: Session, user_id: int, handle: object) -> str:
    """A chosen handle: its shape, none of the person's names or contact details (the redactor), not taken."""
    text = pseudonyms.check_handle(handle)
    profile = _profile(session, user_id)
    if profile is not None and redaction.find_spans(text, owner=owner_of(profile), others=False):
        raise ValidationFailed(handle=pseudonyms.HAS_NAME)
    taken = session.exec(select(Pseudonym.user_id).where(Pseudonym.handle_key == pseudonyms.handle_key(text))).first()
    if taken is not None and taken != user_id:
        raise ValidationFailed(handle=TAKEN)
    return text


def do_choose_handle(*, session: Session, user_id: int, handle: str, now: dt.datetime) -> str:
    if not _insert(session, user_id, handle, True, now):  # taken in between: the unique key refused it
        raise Conflict(handle=TAKEN)
    return handle


def shown_names(*, session: Session, viewer_id: int, user_ids: set[int] | list[int]) -> dict[int, ShownName]:
    """What `viewer_id` sees for each person in a community space: the real name of a collaborator, the
    pseudonym of anyone else (the viewer too: how they appear to others)."""
    ids = set(user_ids)
    if not ids:
        return {}
    met = collaborator_ids(session=session, user_id=viewer_id) & ids
    real = peers(session=session, ids=met)
    handles = dict(session.exec(select(col(Pseudonym.user_id), col(Pseudonym.handle)).where(col(Pseudonym.user_id).in_(list(ids - met)))).all())
    out = {uid: ShownName(uid, real[uid].name, True) for uid in met}
    for uid in ids - met:
        out[uid] = ShownName(uid, handles.get(uid) or "EngNest member", False)
    return out
