"""Reports and the moderation queue (issue 13) on SQLite and PostgreSQL: who sees which reports, the actions on
a report with their audit, bans and suspensions (time pinned), and that the reported person never learns who
reported them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from dm_support import collaborators, person
from factories import NOW
from meeting_support import race
from room_support import create_room, generous_room_limit, join, make_admin, report, resolve, say, set_role

from engnest.community.domain import moderation as rules
from engnest.community.domain import permissions as perm
from engnest.community.models import ModerationAction, Pseudonym, Report, RoomBan, RoomMember
from engnest.community.services import moderation_gate, moderation_queue, moderation_reports, reports, room_bans, room_chat, rooms
from engnest.messaging.models import Message
from engnest.notifications.models import Notification
from engnest.platform import events
from engnest.platform.domain.errors import ValidationFailed


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def count(session, model, *where) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def room_with(session, n_members: int = 2):
    """A room with an owner, a moderator and `n_members` plain members."""
    owner, mod = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, mod, room_id)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    members = [person(session) for _ in range(n_members)]
    for m in members:
        join(session, m, room_id)
    return room_id, owner, mod, members


def report_id(session, kind: str, target_id: int) -> int:
    return session.execute(sa.select(Report.id).where(Report.target_kind == kind, Report.target_id == target_id).order_by(Report.id)).scalars().first()


def test_a_reported_message_reaches_its_rooms_moderators_and_admins_only(session):
    room_id, owner, mod, (spammer, reporter) = room_with(session)
    other_owner, admin = person(session), person(session)
    create_room(session, other_owner, "Other room")
    make_admin(session, admin)
    spam = say(session, spammer, room_id, "buy my course")
    assert report(session, reporter, "message", spam.id, "spam", note="third time today") is True
    assert report(session, reporter, "message", spam.id, "spam") is False  # once per person and target
    for viewer in (mod, owner, admin):
        [item] = moderation_queue.queue(session=session, viewer_id=viewer.id).items
        assert (item.kind, item.excerpt, item.reason, item.note, item.room_id) == ("message", "buy my course", rules.REASONS["spam"], "third time today", room_id)
        assert item.reporter == session.get(Pseudonym, reporter.id).handle  # a pseudonym to a moderator who has not met them
    assert moderation_queue.queue(session=session, viewer_id=other_owner.id).items == []  # another room's owner
    with pytest.raises(ValidationFailed, match=moderation_queue.NOT_A_MODERATOR):
        moderation_queue.queue(session=session, viewer_id=spammer.id)
    assert moderation_queue.open_count(session=session, viewer_id=mod.id) == 1
    assert moderation_queue.open_count(session=session, viewer_id=reporter.id) == 0


def test_what_cannot_be_reported(session):
    room_id, owner, _mod, (a, b) = room_with(session)
    private = create_room(session, owner, "Board", visibility="private")
    secret = say(session, owner, private, "secret")
    mine = say(session, a, room_id, "my own words")
    for kind, target, reason in (("message", secret.id, "spam"), ("message", mine.id, "spam"), ("message", 10**9, "spam"),
                                 ("person", a.id, "spam"), ("nonsense", 1, "spam"), ("message", "1", "spam")):
        with pytest.raises(ValidationFailed, match=reports.NOT_FOUND):
            reports.check_report(session=session, reporter_id=a.id, kind=kind, target_id=target, reason=reason, now=NOW)
    with pytest.raises(ValidationFailed, match="Choose a reason"):
        reports.check_report(session=session, reporter_id=b.id, kind="message", target_id=mine.id, reason="because", now=NOW)
    with pytest.raises(ValidationFailed, match="Say what is wrong"):
        reports.check_report(session=session, reporter_id=b.id, kind="message", target_id=mine.id, reason="other", note="  ", now=NOW)
    stranger = person(session)  # shares no room with `a` and has not met them
    with pytest.raises(ValidationFailed, match=reports.NOT_FOUND):
        reports.check_report(session=session, reporter_id=stranger.id, kind="person", target_id=a.id, reason="harassment", now=NOW)
    assert count(session, Report) == 0


def test_the_reported_person_is_never_told_who_reported_them(session):
    room_id, _owner, mod, (target, reporter) = room_with(session)
    line = say(session, target, room_id, "rude words")
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        report(session, reporter, "message", line.id, "harassment", note="aimed at me")
        resolve(session, mod, report_id(session, "message", line.id), "warn", message="Keep it civil, please.")
    finally:
        events.remove_sink(recorder)
    [note] = session.execute(sa.select(Notification).where(Notification.user_id == target.id)).scalars().all()
    assert (note.kind, note.title, note.actor_id) == (moderation_reports.WARNED, "A moderator warned you", None)
    assert "Keep it civil" in note.body
    seen_by_target = " ".join([note.title, note.body, note.link, str(note.payload)])
    reporter_handle = session.get(Pseudonym, reporter.id).handle
    for secret in (reporter_handle, reporter.email, str(reporter.id), "aimed at me"):
        assert secret not in seen_by_target
    for push in recorder.pushes:  # the queue's pushes go to moderators, carry no ids of people
        if push.topic == reports.TOPIC:
            assert target.id not in push.user_ids and push.payload == {"kind": "reports"}
    with pytest.raises(ValidationFailed):
        moderation_queue.queue(session=session, viewer_id=target.id)


def test_a_reported_moderator_or_admin_does_not_see_the_report_about_them(session):
    room_id, owner, mod, (reporter,) = room_with(session, 1)
    admin = person(session)
    make_admin(session, admin)
    join(session, admin, room_id)
    report(session, reporter, "person", mod.id, "harassment", room_id=room_id, note="from the reporter")
    report(session, reporter, "message", say(session, admin, room_id, "admin's words").id, "spam")
    assert [i.reported_id for i in moderation_queue.queue(session=session, viewer_id=mod.id).items] == [admin.id]
    assert moderation_queue.open_count(session=session, viewer_id=mod.id) == 1
    assert [i.kind for i in moderation_queue.queue(session=session, viewer_id=admin.id).items] == ["person"]
    assert [i.reported_id for i in moderation_queue.queue(session=session, viewer_id=owner.id).items] == [admin.id, mod.id]


def test_removing_reported_content_closes_every_report_on_it_and_is_audited(session):
    room_id, _owner, mod, (spammer, r1, r2) = room_with(session, 3)
    spam = say(session, spammer, room_id, "buy my course")
    report(session, r1, "message", spam.id)
    report(session, r2, "message", spam.id, "off_topic")
    assert resolve(session, mod, report_id(session, "message", spam.id), "remove") == 2
    assert session.get(Message, spam.id) is None
    assert moderation_queue.queue(session=session, viewer_id=mod.id).items == []
    audit = session.execute(sa.select(ModerationAction).where(ModerationAction.action == "remove_message")).scalars().one()
    assert (audit.actor_id, audit.target_user_id, audit.target_message_id, audit.detail, audit.room_id) == (mod.id, spammer.id, spam.id, "buy my course", room_id)
    with pytest.raises(ValidationFailed, match=moderation_reports.NO_REPORT):  # handled already
        resolve(session, mod, report_id(session, "message", spam.id), "dismiss")


def test_mute_ban_and_dismiss_from_the_queue(session):
    room_id, owner, mod, (a, b, reporter) = room_with(session, 3)
    for who, action in ((a, "mute"), (b, "ban")):
        report(session, reporter, "person", who.id, "harassment", room_id=room_id)
        resolve(session, mod, report_id(session, "person", who.id), action, message="Stop it.")
    with pytest.raises(ValidationFailed, match="muted you"):
        room_chat.check_send(session=session, sender_id=a.id, room_id=room_id, body="x", client_key=str(uuid.uuid4()), now=NOW + dt.timedelta(hours=23))
    room_chat.check_send(session=session, sender_id=a.id, room_id=room_id, body="x", client_key=str(uuid.uuid4()), now=NOW + dt.timedelta(hours=24, seconds=1))
    # Banned: out of the room, and cannot join again, ask, or be invited back.
    assert rooms.role_of(session=session, room_id=room_id, user_id=b.id) is None
    assert count(session, RoomBan, RoomBan.user_id == b.id) == 1
    with pytest.raises(ValidationFailed, match=room_bans.BANNED):
        rooms.check_join(session=session, user_id=b.id, room_id=room_id)
    with pytest.raises(ValidationFailed, match=room_bans.THEY_ARE_BANNED):
        rooms.check_admit(session=session, actor_id=owner.id, room_id=room_id, user_id=b.id)
    notes = session.execute(sa.select(Notification.kind, Notification.title).where(Notification.user_id == b.id)).all()
    assert notes == [(moderation_reports.BANNED, "You were removed from the room FEA clinic")]
    # Dismissed: nothing happens to the person; the audit keeps it.
    line = say(session, a, room_id, "fine words", now=NOW + dt.timedelta(days=2))
    report(session, reporter, "message", line.id, "spam")
    resolve(session, mod, report_id(session, "message", line.id), "dismiss")
    assert session.execute(sa.select(Report.status).where(Report.target_id == line.id, Report.target_kind == "message")).scalar_one() == "dismissed"
    actions = [a for (a,) in session.execute(sa.select(ModerationAction.action).where(ModerationAction.room_id == room_id).order_by(ModerationAction.id))]
    assert actions[-3:] == ["mute", "ban", "dismiss_report"]


def test_room_moderators_act_only_within_their_rights(session):
    room_id, owner, mod, (a, reporter) = room_with(session)
    other_room, other_owner, other_mod, _ = room_with(session, 0)
    report(session, reporter, "person", owner.id, "harassment", room_id=room_id)
    report(session, a, "person", mod.id, "harassment", room_id=room_id)
    line = say(session, a, room_id, "hello")
    report(session, reporter, "message", line.id)
    on_owner, on_mod, on_line = (report_id(session, "person", owner.id), report_id(session, "person", mod.id), report_id(session, "message", line.id))
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):  # a moderator cannot mute a fellow moderator
        resolve(session, person_with_role(session, room_id, owner, perm.MODERATOR), on_mod, "mute")
    with pytest.raises(ValidationFailed, match=rules.OWNER_STAYS):
        resolve(session, mod, on_owner, "ban")
    with pytest.raises(ValidationFailed, match=rules.ABOUT_YOU):
        resolve(session, mod, on_mod, "dismiss")
    with pytest.raises(ValidationFailed, match=rules.ADMINS_ONLY):
        resolve(session, mod, on_line, "suspend", message="Spam", days=7)
    for outsider in (other_owner, other_mod, a):  # the same answer as for a report that does not exist
        with pytest.raises(ValidationFailed, match=moderation_reports.NO_REPORT):
            resolve(session, outsider, on_line, "remove")
    assert count(session, Report, Report.status == "open") == 3 and other_room


def person_with_role(session, room_id, owner, role):
    other = person(session)
    join(session, other, room_id)
    set_role(session, owner, room_id, other, role)
    return other


def test_admins_suspend_for_a_time_with_the_reason_shown(session):
    room_id, _owner, mod, (spammer, reporter) = room_with(session)
    admin = person(session)
    make_admin(session, admin)
    spam = say(session, spammer, room_id, "buy my course")
    report(session, reporter, "message", spam.id)
    with pytest.raises(ValidationFailed, match="Choose how long"):
        moderation_reports.check_resolve(session=session, actor_id=admin.id, report_id=report_id(session, "message", spam.id), action="suspend", message="x x x", days=5)
    with pytest.raises(ValidationFailed, match="reason the person will be shown"):
        moderation_reports.check_resolve(session=session, actor_id=admin.id, report_id=report_id(session, "message", spam.id), action="suspend", message="", days=7)
    resolve(session, admin, report_id(session, "message", spam.id), "suspend", message="Repeated advertising", days=7)
    notice = "Your account is suspended until 28 Nov 2026 12:00 UTC. Reason: Repeated advertising"
    for at in (NOW, NOW + dt.timedelta(days=6, hours=23)):
        with pytest.raises(ValidationFailed) as refused:
            room_chat.check_send(session=session, sender_id=spammer.id, room_id=room_id, body="x", client_key=str(uuid.uuid4()), now=at)
        assert refused.value.errors == {"body": notice}
    assert moderation_gate.suspension_notice(session=session, user_id=spammer.id, now=NOW) == notice
    later = NOW + dt.timedelta(days=7, seconds=1)
    assert moderation_gate.suspension_notice(session=session, user_id=spammer.id, now=later) == ""
    room_chat.check_send(session=session, sender_id=spammer.id, room_id=room_id, body="x", client_key=str(uuid.uuid4()), now=later)
    [note] = session.execute(sa.select(Notification).where(Notification.user_id == spammer.id)).scalars().all()
    assert (note.kind, note.title, note.body, note.actor_id) == (
        moderation_reports.SUSPENDED, "Your account is suspended until 28 Nov 2026 12:00 UTC", "Repeated advertising", None)
    lines, _ = moderation_queue.site_audit(session=session, viewer_id=admin.id)
    assert (lines[0].action, lines[0].room_id, lines[0].reason) == ("suspend", None, "Repeated advertising")
    with pytest.raises(ValidationFailed, match=moderation_queue.ADMINS_ONLY):
        moderation_queue.site_audit(session=session, viewer_id=mod.id)


def test_a_person_reported_by_a_collaborator_outside_rooms_goes_to_admins_only(session):
    a, b, admin = person(session), person(session), person(session)
    make_admin(session, admin)
    collaborators(session, a, b)
    report(session, a, "person", b.id, "personal_info", note="posted my address")
    [item] = moderation_queue.queue(session=session, viewer_id=admin.id).items
    assert (item.room_id, item.kind, item.reported_id) == (None, "person", b.id)
    with pytest.raises(ValidationFailed, match=rules.NO_ROOM):
        resolve(session, admin, item.id, "ban")
    with pytest.raises(ValidationFailed, match=rules.NOTHING_TO_REMOVE):
        resolve(session, admin, item.id, "remove")
    resolve(session, admin, item.id, "warn", message="Never share someone's address.")
    assert count(session, Notification, Notification.user_id == b.id, Notification.kind == moderation_reports.WARNED) == 1
    assert count(session, RoomMember, RoomMember.user_id == b.id) == 0


def test_two_moderators_acting_on_one_report_at_once_act_once(session, db_url):
    room_id, owner, mod, (target, reporter) = room_with(session)
    line = say(session, target, room_id, "rude words")
    report(session, reporter, "message", line.id, "harassment")
    rid = report_id(session, "message", line.id)

    def warn(actor):
        def work(s):
            request = moderation_reports.check_resolve(session=s, actor_id=actor.id, report_id=rid, action="warn", message="Be civil.")
            return moderation_reports.do_resolve(session=s, request=request, now=NOW)
        return work

    results = race(db_url, [warn(owner), warn(mod)])
    assert sorted(str(r) if isinstance(r, int) else r.first() for r in results) == ["1", moderation_reports.NO_REPORT], results
    session.rollback()
    assert count(session, Notification, Notification.user_id == target.id) == 1
    assert count(session, ModerationAction, ModerationAction.action == "warn") == 1


def test_a_queue_page_costs_the_same_statements_for_3_or_60_reports(session):
    from query_count import count_queries

    from engnest.platform.db import get_engine

    room_id, _owner, mod, (a, b) = room_with(session)
    admin = person(session)
    make_admin(session, admin)

    def file(n: int, first: int) -> None:  # arranged directly: the page only reads the rows
        for i in range(n):
            session.add(Report(reporter_id=a.id if i % 2 else b.id, target_kind="message", target_id=first + i, target_user_id=b.id if i % 2 else a.id,
                               room_id=room_id, reason="spam", excerpt=f"line {i}", created_at=NOW))
        session.commit()

    counts = []
    for n, first in ((3, 1), (57, 100)):
        file(n, first)
        for viewer in (mod, admin):
            with count_queries(get_engine()) as queries:
                page = moderation_queue.queue(session=session, viewer_id=viewer.id)
            assert len(page.items) == min(moderation_queue.PAGE, 3 if first == 1 else 60)
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
    older = moderation_queue.queue(session=session, viewer_id=mod.id, before_id=page.items[-1].id)
    assert older.items and older.items[0].id < page.items[-1].id and page.has_more
