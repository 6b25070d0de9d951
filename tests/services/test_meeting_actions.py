import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from meeting_support import local_slot, pair, race, request, spot_ids

from engnest.meetings.models import Meeting, MeetingEvent
from engnest.meetings.services import meeting_actions, meeting_clock
from engnest.network.models import Block, Collaboration
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform import events
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import to_local
from engnest.profiles.services import profiles


def count(session, model, *where) -> int:
    stmt = sa.select(sa.func.count()).select_from(model)
    for cond in where:
        stmt = stmt.where(cond)
    return session.exec(stmt).one()[0]


def reload(session, meeting) -> Meeting:
    session.expire_all()
    return session.get(Meeting, meeting.id)


def test_accepting_makes_collaborators_notifies_the_requester_and_refreshes_both(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
        session.commit()  # the test is the outermost caller: pushes go out after its commit
    finally:
        events.remove_sink(recorder)
    meeting = reload(session, meeting)
    assert (meeting.status, meeting.awaiting_id, meeting.open_pair_key) == ("accepted", None, None)
    assert relations.are_collaborators(session=session, a=a.id, b=b.id)
    collab = session.exec(sa.select(Collaboration)).one()[0]
    assert collab.meeting_id == meeting.id
    note = session.exec(sa.select(Notification).where(Notification.user_id == a.id)).one()[0]
    assert note.kind == "meeting_accepted" and "Ben Hughes" in note.title  # collaborators now: full name
    assert "meeting" in recorder.topics_for(a.id) and "meeting" in recorder.topics_for(b.id)


def test_declined_request_does_not_make_collaborators(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert reload(session, meeting).status == "declined"
    assert not relations.are_collaborators(session=session, a=a.id, b=b.id)
    assert count(session, Notification, Notification.kind == "meeting_declined", Notification.user_id == a.id) == 1


def test_the_requester_cannot_accept_their_own_request(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=a.id, now=NOW)
    assert "wait for the other person" in exc.value.errors["form"]
    assert reload(session, meeting).status == "pending"


def test_counter_proposal_changes_the_time_and_the_requester_accepts_it(session):
    a, b = pair(session, b_tz="Europe/London")
    meeting = request(session, a, b, hour=10)
    date, time = local_slot(days=11, hour=3, tz="Europe/London")  # 03:00 London = 12:00 Tokyo
    countered = meeting_actions.counter(
        session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=90, message="Later?", now=NOW
    )
    assert (countered.status, countered.awaiting_id, countered.proposed_by_id, countered.counter_count) == ("countered", a.id, b.id, 1)
    start = reload(session, meeting).start_at
    assert (start.hour, start.minute) == (3, 0) and reload(session, meeting).duration_minutes == 90
    with pytest.raises(ValidationFailed):  # not B's turn any more
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=a.id, now=NOW)
    assert reload(session, meeting).status == "accepted"
    assert relations.are_collaborators(session=session, a=a.id, b=b.id)
    note = session.exec(sa.select(Notification).where(Notification.kind == "meeting_countered")).one()[0]
    assert note.user_id == a.id and "Later?" in note.body
    assert [e[0].action for e in session.exec(sa.select(MeetingEvent).order_by(MeetingEvent.id)).all()] == ["requested", "countered", "accepted"]


def test_counter_proposal_can_move_the_spot(session):
    a, b = pair(session)
    ids = spot_ids(session, a, b)
    meeting = request(session, a, b, spot=ids[0])
    date, time = local_slot(days=10, hour=10, tz=b.timezone)
    meeting_actions.counter(session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=60, spot_id=ids[2], now=NOW)
    assert reload(session, meeting).spot_place_id == ids[2]


def test_counter_proposal_with_a_spot_far_from_both_is_refused_and_nothing_changes(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    date, time = local_slot(days=10, hour=10, tz=b.timezone)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.counter(
            session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=60,
            spot_id="imls-pls-fy2019:AK0001-002", now=NOW,
        )
    assert "far from both" in exc.value.errors["spot"]
    assert reload(session, meeting).status == "pending" and count(session, MeetingEvent) == 1


def test_countering_with_exactly_the_current_terms_is_refused(session):
    a, b = pair(session)
    meeting = request(session, a, b, hour=10)
    local = to_local(meeting.start_at, b.timezone)  # the same instant, as B types it
    date, time = local.strftime("%Y-%m-%d"), local.strftime("%H:%M")
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.counter(session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=60, now=NOW)
    assert "accept the proposal" in exc.value.errors["start"]


def test_repeating_the_same_counter_proposal_is_a_no_op(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    date, time = local_slot(days=12, hour=9, tz=b.timezone)
    for _ in range(2):
        meeting_actions.counter(session=session, meeting_id=meeting.id, user_id=b.id, start_date=date, start_time=time, duration=60, now=NOW)
    assert reload(session, meeting).counter_count == 1
    assert count(session, Notification, Notification.kind == "meeting_countered") == 1


@pytest.mark.parametrize("action", ["accept", "decline", "cancel", "counter", "ics"])
def test_forged_ids_of_other_peoples_meetings_look_like_missing_ones_and_change_nothing(session, action):
    a, b = pair(session)
    meeting = request(session, a, b)
    eve = make_user(session, complete=True, city="Tokyo, Japan")
    calls = {
        "accept": lambda mid: meeting_actions.accept(session=session, meeting_id=mid, user_id=eve.id, now=NOW),
        "decline": lambda mid: meeting_actions.decline(session=session, meeting_id=mid, user_id=eve.id, now=NOW),
        "cancel": lambda mid: meeting_actions.cancel(session=session, meeting_id=mid, user_id=eve.id, reason="x", now=NOW),
        "counter": lambda mid: meeting_actions.counter(
            session=session, meeting_id=mid, user_id=eve.id, start_date="2026-12-10", start_time="10:00", duration=60, now=NOW
        ),
        "ics": lambda mid: __import__("engnest.meetings.services.calendar_feed", fromlist=["x"]).ics_for_meeting(
            session=session, meeting_id=mid, viewer_id=eve.id, now=NOW
        ),
    }
    # Eve may do the same on a meeting of her own (one she asked for, to cancel; one asked of her, otherwise).
    partner = make_user(session, complete=True, city="Yokohama, Japan")
    own = request(session, eve, partner) if action == "cancel" else request(session, partner, eve)
    calls[action](own.id)
    messages = []
    for mid in (meeting.id, 987654, "1 OR 1=1", None):
        with pytest.raises(ValidationFailed) as exc:
            calls[action](mid)
        messages.append(exc.value.errors["form"])
    assert set(messages) == {"This meeting does not exist."}
    assert reload(session, meeting).status == "pending" and count(session, MeetingEvent, MeetingEvent.meeting_id == meeting.id) == 1


def test_cancelling_an_accepted_meeting_needs_a_reason_and_a_late_one_is_flagged(session):
    a, b = pair(session)
    meeting = request(session, a, b, days=2)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason="  ", now=NOW)
    assert "why" in exc.value.errors["reason"]
    start = reload(session, meeting).start_at.replace(tzinfo=dt.timezone.utc)
    late_now = start - dt.timedelta(hours=5)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason="Flu, sorry", now=late_now)
    done = reload(session, meeting)
    assert (done.status, done.late_cancel, done.cancelled_by_id, done.cancel_reason) == ("cancelled", True, a.id, "Flu, sorry")
    note = session.exec(sa.select(Notification).where(Notification.kind == "meeting_cancelled")).one()[0]
    assert note.user_id == b.id and "less than 24 hours" in note.body and "Flu, sorry" in note.body


def test_cancelling_well_ahead_is_not_late_and_collaborators_stay_collaborators(session):
    a, b = pair(session)
    meeting = request(session, a, b, days=10)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=b.id, reason="Trip moved", now=NOW)
    assert reload(session, meeting).late_cancel is False
    assert relations.are_collaborators(session=session, a=a.id, b=b.id)


def test_the_requester_can_withdraw_an_open_request_but_the_recipient_declines_instead(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=b.id, reason="", now=NOW)
    assert "decline" in exc.value.errors["form"]
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason="", now=NOW)
    assert reload(session, meeting).status == "cancelled"


def test_a_request_whose_time_has_passed_cannot_be_accepted(session):
    a, b = pair(session)
    meeting = request(session, a, b, days=2)
    later = NOW + dt.timedelta(days=3)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=later)
    assert "already passed" in exc.value.errors["form"]


def test_the_lazy_catch_up_starts_ends_and_closes_accepted_meetings_on_time_and_only_once(session):
    a, b = pair(session)
    meeting = request(session, a, b, days=2)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    start = reload(session, meeting).start_at.replace(tzinfo=dt.timezone.utc)
    end = reload(session, meeting).end_at.replace(tzinfo=dt.timezone.utc)
    assert meeting_clock.do_catch_up(session=session, now=start - dt.timedelta(minutes=1)) == 0
    assert meeting_clock.do_catch_up(session=session, now=start) == 1
    assert reload(session, meeting).status == "in_progress"
    assert meeting_clock.do_catch_up(session=session, now=end - dt.timedelta(minutes=1)) == 0
    assert meeting_clock.do_catch_up(session=session, now=end) == 1
    assert reload(session, meeting).status == "awaiting_review"
    assert meeting_clock.do_catch_up(session=session, now=end + dt.timedelta(days=6)) == 0
    assert meeting_clock.do_catch_up(session=session, now=end + dt.timedelta(days=7)) == 1
    assert reload(session, meeting).status == "closed"
    assert meeting_clock.do_catch_up(session=session, now=end + dt.timedelta(days=8)) == 0
    assert [count(session, MeetingEvent, MeetingEvent.action == k) for k in ("started", "ended", "closed")] == [1, 1, 1]


def test_accepting_twice_is_a_no_op(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    for _ in range(3):
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert count(session, Notification, Notification.kind == "meeting_accepted") == 1
    assert count(session, MeetingEvent, MeetingEvent.action == "accepted") == 1


def test_a_user_whose_profile_became_incomplete_cannot_accept(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    for skill in profiles.list_skills(session=session, user_id=b.id):
        profiles.do_remove_skill(session=session, user_id=b.id, skill_id=skill.id, now=NOW)
    with pytest.raises(ValidationFailed) as exc:
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert "Complete your profile" in exc.value.errors["form"]
    assert reload(session, meeting).status == "pending"


def test_a_block_after_the_request_stops_acceptance_but_not_declining(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    session.add(Block(blocker_id=a.id, blocked_id=b.id, created_at=NOW))
    session.commit()
    with pytest.raises(ValidationFailed):
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert reload(session, meeting).status == "declined"


def test_concurrent_accept_and_decline_clicks_change_the_meeting_once(session, db_url):
    a, b = pair(session)
    meeting = request(session, a, b)
    mid, bid = meeting.id, b.id
    results = race(db_url, [lambda s: meeting_actions.accept(session=s, meeting_id=mid, user_id=bid, now=NOW).status] * 4)
    assert all(r == "accepted" for r in results), results
    assert count(session, Notification, Notification.kind == "meeting_accepted") == 1
    assert count(session, MeetingEvent, MeetingEvent.action == "accepted") == 1
    assert count(session, Collaboration) == 1
