"""Mentions and replies notify (issue 13): `@handle` in a post, a comment or a room message tells the person
mentioned, naming the author as the recipient sees them (the pseudonym unless they have met), with no actor id;
only people who may read the text are told, never someone blocked either way, never twice for one text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import block, collaborators, person
from factories import NOW
from post_support import comment, no_post_limits, post
from room_support import create_room, generous_room_limit, join, say
from sqlmodel import select

from engnest.community.services import pseudonyms
from engnest.community.services.mentions import MENTION, REPLY
from engnest.notifications.models import Notification


@pytest.fixture(autouse=True)
def _limits(monkeypatch):
    yield from no_post_limits(monkeypatch)


@pytest.fixture(autouse=True)
def _rooms(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def notes(session, user, kind=None) -> list[Notification]:
    session.expire_all()
    q = select(Notification).where(Notification.user_id == user.id)
    if kind:
        q = q.where(Notification.kind == kind)
    return list(session.exec(q.order_by(Notification.id)).all())


def handle(session, user, chosen: str | None = None) -> str:
    if chosen:
        pseudonyms.do_choose_handle(session=session, user_id=user.id, handle=chosen, now=NOW)
        session.commit()
        return chosen
    found = pseudonyms.do_ensure_pseudonym(session=session, user_id=user.id, now=NOW)
    session.commit()
    return found


def test_a_mention_in_a_post_tells_the_person_under_the_authors_pseudonym(session):
    author = person(session, first_name="Marguerite", last_name="Perey")
    mentioned, friend = person(session), person(session)
    collaborators(session, author, friend)
    handle(session, mentioned, "Gear Head")
    generated = handle(session, friend)
    author_handle = handle(session, author)
    post_id = post(session, author, "Gearbox noise", body=f"@GearHead and @[{generated}], what do you think?")
    [note] = notes(session, mentioned, MENTION)
    assert note.title == f"{author_handle} mentioned you in “Gearbox noise”" and note.actor_id is None
    assert note.link == f"/feed/{post_id}" and "Perey" not in note.title + note.body
    [friend_note] = notes(session, friend, MENTION)
    assert friend_note.title.startswith("Marguerite Perey mentioned you")  # they have met
    assert notes(session, author) == []


def test_a_reply_tells_the_author_of_the_post_or_the_comment_once(sqlite_session):
    s = sqlite_session
    author, a, b = person(s), person(s), person(s)
    post_id = post(s, author)
    first = comment(s, a, post_id, "A first thought")
    comment(s, author, post_id, "my own reply does not notify me", parent_id=None)
    comment(s, b, post_id, f"@[{handle(s, a)}] agreed", parent_id=first)
    assert [n.title.split(" replied")[1] for n in notes(s, author, REPLY)] == [" to your post “Meshing a bracket”"]
    assert [n.kind for n in notes(s, a)] == [MENTION]  # mentioned in the reply: told once, not twice
    assert notes(s, a)[0].link.startswith(f"/feed/{post_id}")


def test_nobody_is_told_about_words_they_may_not_read_or_by_someone_they_blocked(sqlite_session):
    s = sqlite_session
    owner, outsider, blocker = person(s), person(s), person(s)
    handle(s, outsider, "Outsider")
    handle(s, blocker, "Blocker")
    block(s, blocker, owner)
    private_room = create_room(s, owner, "Board", visibility="private")
    post(s, owner, "Secret", body="@Outsider @Blocker see this", room_id=private_room)
    post(s, owner, "Open", body="@Blocker hello")
    assert notes(s, outsider) == [] and notes(s, blocker) == []


def test_a_mention_in_a_room_message_tells_members_only(session):
    owner, member, outsider = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, member, room_id)
    handle(session, member, "Torque")
    handle(session, outsider, "Watcher")
    say(session, owner, room_id, "@torque @watcher can you look at the drawing?")
    [note] = notes(session, member, MENTION)
    assert note.title.endswith("mentioned you in FEA clinic") and note.link == f"/rooms/{room_id}"
    assert notes(session, outsider) == []
    assert session.execute(sa.select(sa.func.count()).select_from(Notification)).scalar_one() == 1
