"""The meeting page's review, dispute and change handlers, and the standing block, called as a browser would."""

import datetime as dt

import sqlalchemy as sa
from factories import login_token
from meeting_support import accepted_meeting, local_slot, pair

from engnest.meetings.models import MeetingReview
from engnest.meetings.pages.detail_state import MeetingDetailState
from engnest.meetings.pages.standing import StandingState
from engnest.platform.clock import utcnow
from state.harness import Tab


async def open_meeting(session, user, meeting_id):
    tab = Tab(token=login_token(session, user, now=utcnow()), path=f"/meetings/{meeting_id}")
    await tab.call(MeetingDetailState, "load")
    return tab, tab.state(MeetingDetailState)


async def test_both_reviews_from_the_page_complete_the_meeting_and_show_on_the_profile(sqlite_session):
    a, b = pair(sqlite_session)
    m = accepted_meeting(sqlite_session, a, b, start=utcnow() - dt.timedelta(hours=2))
    tab_a, page_a = await open_meeting(sqlite_session, a, m.id)
    assert page_a.m.status == "awaiting_review" and page_a.review.can_review  # caught up on load
    await tab_a.call(MeetingDetailState, "submit_review", {"rating": "4", "attended": "yes", "comment": "<b>Sharp</b>"})
    assert page_a.errors == {} and page_a.review.reviewed and not page_a.review.can_review
    tab_b, page_b = await open_meeting(sqlite_session, b, m.id)
    await tab_b.call(MeetingDetailState, "submit_review", {"rating": "5", "attended": "yes"})
    assert page_b.m.status == "completed"
    person = Tab(token=login_token(sqlite_session, a, now=utcnow()), path=f"/people/{b.id}")
    await person.call(StandingState, "load")
    assert person.state(StandingState).standing.rating == "★ 4.0 from 1 review"


async def test_junk_review_payloads_get_field_errors_and_write_nothing(sqlite_session):
    a, b = pair(sqlite_session)
    m = accepted_meeting(sqlite_session, a, b, start=utcnow() - dt.timedelta(hours=2))
    tab, page = await open_meeting(sqlite_session, a, m.id)
    for junk in ("not-a-dict", {"rating": "11", "attended": "perhaps"}, {"rating": ["5"], "attended": None}):
        await tab.call(MeetingDetailState, "submit_review", junk)
        assert {"rating", "attended"} <= set(page.errors)
    assert sqlite_session.exec(sa.select(sa.func.count()).select_from(MeetingReview)).one()[0] == 0


async def test_a_reported_person_disputes_from_the_page(sqlite_session):
    a, b = pair(sqlite_session)
    m = accepted_meeting(sqlite_session, a, b, start=utcnow() - dt.timedelta(hours=2))
    tab_a, _ = await open_meeting(sqlite_session, a, m.id)
    await tab_a.call(MeetingDetailState, "submit_review", {"rating": "1", "attended": "no"})
    tab_b, page_b = await open_meeting(sqlite_session, b, m.id)
    assert page_b.review.can_dispute and page_b.review.dispute_until
    await tab_b.call(MeetingDetailState, "dispute", {"note": "I was at the window table"})
    assert page_b.review.disputed and not page_b.review.can_dispute


async def test_proposing_and_accepting_a_new_time_from_the_page(sqlite_session):
    a, b = pair(sqlite_session)
    m = accepted_meeting(sqlite_session, a, b, start=utcnow() + dt.timedelta(days=4))
    tab_a, page_a = await open_meeting(sqlite_session, a, m.id)
    assert "propose_change" in page_a.actions
    date, time = local_slot(days=6, hour=11, tz=a.timezone, now=utcnow())
    await tab_a.call(MeetingDetailState, "propose_change", {"date": date, "time": time, "duration": "45"})
    assert page_a.errors == {} and page_a.m.change_by_me and "withdraw_change" in page_a.actions
    tab_b, page_b = await open_meeting(sqlite_session, b, m.id)
    assert page_b.m.change_when and "accept_change" in page_b.actions
    await tab_b.call(MeetingDetailState, "accept_change")
    assert page_b.m.change_when == "" and page_b.m.duration == "45 minutes"
    await tab_b.call(MeetingDetailState, "propose_change", {"date": "junk", "time": "", "duration": "7"})
    assert {"start", "duration"} <= set(page_b.errors)
