"""Lifting sanctions (issue 13) on SQLite and PostgreSQL: a room's moderators (or a site admin) lift a ban and the
person may join again; a site admin lifts a suspension before its end and the person may write again; nobody else
can, and each is audited."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from dm_support import person
from factories import NOW
from room_support import create_room, generous_room_limit, join, make_admin, report, resolve, say, set_role

from engnest.community.domain import permissions as perm
from engnest.community.models import ModerationAction, Report
from engnest.community.services import moderation_sanctions as sanctions
from engnest.community.services import room_chat, rooms
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def banned_and_suspended(session):
    owner, mod, target, reporter, admin, outsider = (person(session) for _ in range(6))
    make_admin(session, admin)
    room_id = create_room(session, owner)
    for who in (mod, target, reporter):
        join(session, who, room_id)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    create_room(session, outsider, "Outsider's own room")
    line = say(session, target, room_id, "rude")
    report(session, reporter, "message", line.id, "harassment")
    report(session, reporter, "person", target.id, "harassment", room_id=room_id)
    ids = [i for (i,) in session.execute(sa.select(Report.id).order_by(Report.id))]
    resolve(session, mod, ids[1], "ban", message="Harassment")
    resolve(session, admin, ids[0], "suspend", message="Harassment", days=30)
    return room_id, owner, mod, target, admin, outsider


def test_a_rooms_moderator_lifts_a_ban_and_the_person_may_join_again(session):
    room_id, _owner, mod, target, admin, outsider = banned_and_suspended(session)
    [ban] = sanctions.bans(session=session, viewer_id=mod.id)
    assert (ban.user_id, ban.room_id, ban.reason) == (target.id, room_id, "Harassment")
    assert sanctions.bans(session=session, viewer_id=outsider.id) == []
    assert [b.id for b in sanctions.bans(session=session, viewer_id=admin.id)] == [ban.id]
    for who in (outsider, target):
        with pytest.raises(ValidationFailed, match=sanctions.NO_BAN):
            sanctions.check_unban(session=session, actor_id=who.id, ban_id=ban.id)
    with pytest.raises(ValidationFailed, match=sanctions.NO_BAN):
        sanctions.check_unban(session=session, actor_id=mod.id, ban_id="1")
    assert sanctions.do_unban(session=session, request=sanctions.check_unban(session=session, actor_id=mod.id, ban_id=ban.id), now=NOW) is True
    session.commit()
    assert join(session, target, room_id) is True
    assert session.execute(sa.select(ModerationAction.action).order_by(ModerationAction.id.desc())).scalars().first() == "unban"


def test_a_site_admin_lifts_a_suspension_early_and_only_an_admin_can(session):
    room_id, owner, mod, target, admin, _outsider = banned_and_suspended(session)
    later = NOW + dt.timedelta(days=2)
    [susp] = sanctions.suspensions(session=session, viewer_id=admin.id, now=later)
    assert (susp.user_id, susp.until) == (target.id, NOW + dt.timedelta(days=30))
    assert sanctions.suspensions(session=session, viewer_id=owner.id, now=later) == []
    for who in (owner, mod):
        with pytest.raises(ValidationFailed, match=sanctions.ADMINS_ONLY):
            sanctions.check_lift_suspension(session=session, actor_id=who.id, suspension_id=susp.id, now=later)
    with pytest.raises(ValidationFailed, match=sanctions.NO_SUSPENSION):  # over by then
        sanctions.check_lift_suspension(session=session, actor_id=admin.id, suspension_id=susp.id, now=NOW + dt.timedelta(days=31))
    request = sanctions.check_lift_suspension(session=session, actor_id=admin.id, suspension_id=susp.id, now=later)
    assert sanctions.do_lift_suspension(session=session, request=request, now=later) is True
    assert sanctions.do_lift_suspension(session=session, request=request, now=later) is False  # twice: once
    session.commit()
    unbanned = sanctions.check_unban(session=session, actor_id=admin.id, ban_id=sanctions.bans(session=session, viewer_id=admin.id)[0].id)
    sanctions.do_unban(session=session, request=unbanned, now=later)
    session.commit()
    join(session, target, room_id)
    room_chat.check_send(session=session, sender_id=target.id, room_id=room_id, body="sorry", client_key=str(uuid.uuid4()), now=later)
    titles = [t for (t,) in session.execute(sa.select(Notification.title).where(Notification.user_id == target.id).order_by(Notification.id))]
    assert titles[-1] == "Your suspension was lifted"
    assert rooms.role_of(session=session, room_id=room_id, user_id=target.id) == perm.MEMBER
