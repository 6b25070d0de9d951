"""Report and moderation handlers called as a browser tab would (issue 13): each re-checks the caller on the
server. The attacker is first shown signed in and allowed on their own room's reports; then forged ids and
actions beyond their role are refused and change nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import key, person
from factories import NOW, login_token
from room_support import create_room, generous_room_limit, join, make_admin, report, say
from sqlmodel import select

from engnest.community.domain import moderation as rules
from engnest.community.models import Report, RoomBan
from engnest.community.pages.directory_state import DirectoryState
from engnest.community.pages.moderation_state import ModerationState
from engnest.community.pages.report_state import ReportState
from engnest.community.pages.room_state import RoomState
from engnest.community.pages.sanctions_state import SanctionsState
from engnest.community.services import moderation_queue, moderation_reports, reports
from engnest.community.services import moderation_sanctions as sanctions
from engnest.messaging.models import Message
from engnest.platform.clock import utcnow
from state.harness import Tab, assert_signed_in, redirect_target


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    yield from generous_room_limit(monkeypatch)


async def tab_for(session, user, path: str = "/moderation") -> Tab:
    tab = Tab(token=login_token(session, user), path=path)
    await assert_signed_in(tab, user)
    return tab


def open_reports(session) -> list[int]:
    session.expire_all()
    return list(session.exec(select(Report.id).where(Report.status == "open").order_by(Report.id)).all())


async def test_signed_out_tabs_are_sent_to_sign_in(sqlite_session):
    tab = Tab(path="/moderation")
    assert redirect_target(await tab.call(ModerationState, "load")).startswith("/signin")
    assert redirect_target(await tab.call(ModerationState, "resolve", {"report_id": "1", "action": "dismiss"})).startswith("/signin")
    assert redirect_target(await tab.call(ReportState, "submit", {"reason": "spam"})).startswith("/signin")


async def test_a_room_owner_handles_their_own_rooms_reports_and_nothing_else(sqlite_session):
    s = sqlite_session
    attacker, member, victim_owner, victim_member = person(s), person(s), person(s), person(s)
    own = create_room(s, attacker, "Mine")
    join(s, member, own)
    theirs = create_room(s, victim_owner, "Theirs")
    join(s, victim_member, theirs)
    join(s, attacker, theirs)
    report(s, member, "person", attacker.id, "spam", room_id=own)  # about the attacker: not theirs to handle
    report(s, attacker, "person", member.id, "spam", room_id=own)
    their_line = say(s, victim_member, theirs, "fine words")
    report(s, victim_owner, "message", their_line.id, "spam")
    mine_about_member, theirs_report = open_reports(s)[1], open_reports(s)[2]
    # Signed in and allowed on their own room: the queue shows only its reports, and a dismiss works.
    tab = await tab_for(s, attacker)
    await tab.call(ModerationState, "load")
    state = tab.state(ModerationState)
    assert (state.refused, state.is_admin) == ("", False)
    assert [i.id for i in state.items] == [mine_about_member]  # not the report about themselves, nor another room's
    await tab.call(ModerationState, "resolve", {"report_id": str(mine_about_member), "action": "dismiss"})
    assert state.errors == {} and mine_about_member not in open_reports(s)
    # Forged: another room's report, a suspension, a report about themselves.
    for form, message in (
        ({"report_id": str(theirs_report), "action": "remove"}, moderation_reports.NO_REPORT),
        ({"report_id": str(theirs_report), "action": "dismiss"}, moderation_reports.NO_REPORT),
        ({"report_id": str(open_reports(s)[0]), "action": "dismiss"}, rules.ABOUT_YOU),
        ({"report_id": "junk", "action": "dismiss"}, moderation_reports.NO_REPORT),
        ({"report_id": str(theirs_report), "action": "explode"}, "Choose an action."),
    ):
        await tab.call(ModerationState, "resolve", form)
        assert state.errors == {"form": message}, form
    assert theirs_report in open_reports(s)
    assert s.exec(select(sa.func.count()).select_from(Message).where(Message.id == their_line.id)).one() == 1


async def test_someone_with_no_room_to_moderate_has_no_queue(sqlite_session):
    s = sqlite_session
    owner, plain = person(s), person(s)
    room_id = create_room(s, owner)
    join(s, plain, room_id)
    report(s, owner, "message", say(s, plain, room_id, "hello").id)
    tab = await tab_for(s, plain)
    await tab.call(ModerationState, "load")
    state = tab.state(ModerationState)
    assert (state.refused, state.items) == (moderation_queue.NOT_A_MODERATOR, [])
    await tab.call(ModerationState, "resolve", {"report_id": str(open_reports(s)[0]), "action": "dismiss"})
    assert state.errors == {"form": moderation_reports.NO_REPORT} and len(open_reports(s)) == 1
    await tab.call(DirectoryState, "load")
    assert (tab.state(DirectoryState).moderates, tab.state(DirectoryState).open_reports) == (False, 0)
    owner_tab = await tab_for(s, owner, "/rooms")
    await owner_tab.call(DirectoryState, "load")
    assert (owner_tab.state(DirectoryState).moderates, owner_tab.state(DirectoryState).open_reports) == (True, 1)


async def test_reporting_through_the_dialog_checks_the_target_on_the_server(sqlite_session):
    s = sqlite_session
    owner, attacker = person(s), person(s)
    public = create_room(s, owner, "Open")
    join(s, attacker, public)
    private = create_room(s, owner, "Board", visibility="private")
    secret = say(s, owner, private, "secret plans")
    line = say(s, owner, public, "hello")
    tab = await tab_for(s, attacker, f"/rooms/{public}")
    # Allowed on what they can see: a message of a room they are in.
    await tab.call(ReportState, "start", "message", line.id, public, "hello")
    events = await tab.call(ReportState, "submit", {"reason": "spam", "note": ""})
    assert tab.state(ReportState).errors == {} and events and len(open_reports(s)) == 1
    # A forged id: a message of a private room they are not in; a bad reason.
    await tab.call(ReportState, "start", "message", secret.id, private, "")
    await tab.call(ReportState, "submit", {"reason": "spam"})
    assert tab.state(ReportState).errors == {"form": reports.NOT_FOUND}
    await tab.call(ReportState, "start", "message", line.id, public, "")
    await tab.call(ReportState, "submit", {"reason": "because"})
    assert "reason" in tab.state(ReportState).errors
    assert len(open_reports(s)) == 1


async def test_lifting_a_ban_or_a_suspension_is_for_that_rooms_moderators_and_site_admins(sqlite_session):
    s = sqlite_session
    attacker, pest, victim_owner, victim_member, reporter = (person(s) for _ in range(5))
    own = create_room(s, attacker, "Mine")
    theirs = create_room(s, victim_owner, "Theirs")
    for room_id, who in ((own, pest), (own, reporter), (theirs, victim_member), (theirs, reporter)):
        join(s, who, room_id)
    report(s, reporter, "person", pest.id, "spam", room_id=own)
    report(s, reporter, "person", victim_member.id, "spam", room_id=theirs)
    mine, their = open_reports(s)
    moderation_reports.do_resolve(session=s, request=moderation_reports.check_resolve(session=s, actor_id=attacker.id, report_id=mine, action="ban"), now=NOW)
    moderation_reports.do_resolve(session=s, request=moderation_reports.check_resolve(session=s, actor_id=victim_owner.id, report_id=their, action="ban"), now=NOW)
    s.commit()
    their_ban = s.exec(select(RoomBan.id).where(RoomBan.room_id == theirs)).one()
    # Signed in and allowed on their own room's ban.
    tab = await tab_for(s, attacker)
    await tab.call(SanctionsState, "load")
    state = tab.state(SanctionsState)
    assert [b.room for b in state.bans] == ["Mine"] and state.suspensions == []
    await tab.call(SanctionsState, "unban", state.bans[0].id)
    assert state.error == "" and state.bans == []
    # Another room's ban, forged; a suspension id: refused, nothing changed.
    await tab.call(SanctionsState, "unban", their_ban)
    assert state.error == sanctions.NO_BAN
    await tab.call(SanctionsState, "lift", 1)
    assert state.error == sanctions.ADMINS_ONLY
    s.expire_all()
    assert s.exec(select(RoomBan.id).where(RoomBan.room_id == theirs)).all() == [their_ban]


async def test_a_suspended_person_is_told_why_and_until_when_and_cannot_write(sqlite_session):
    s = sqlite_session
    owner, pest, admin = person(s), person(s), person(s)
    make_admin(s, admin)
    room_id = create_room(s, owner)
    join(s, pest, room_id)
    report(s, owner, "message", say(s, pest, room_id, "spam").id)
    now = utcnow()
    request = moderation_reports.check_resolve(session=s, actor_id=admin.id, report_id=open_reports(s)[0], action="suspend", message="Spam links", days=3)
    moderation_reports.do_resolve(session=s, request=request, now=now)
    s.commit()
    tab = await tab_for(s, pest, f"/rooms/{room_id}")
    await tab.call(RoomState, "load")
    await tab.call(RoomState, "send", {"body": "more spam", "client_key": key()})
    notice = tab.state(RoomState).errors["body"]
    assert notice.startswith("Your account is suspended until ") and notice.endswith("Reason: Spam links")
    await tab.call(DirectoryState, "create", {"name": "Spam hub", "visibility": "public"})
    assert tab.state(DirectoryState).errors == {"form": notice}
    s.expire_all()
    assert s.exec(select(sa.func.count()).select_from(Message).where(Message.body == "more spam")).one() == 0
