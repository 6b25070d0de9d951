"""Meeting page handlers called as a browser would: every one re-checks who is calling and what they may do."""

import sqlalchemy as sa
from factories import NOW, login_token, make_user
from meeting_support import pair, request

from engnest.billing.pages.credits import CreditsState
from engnest.meetings.models import Meeting
from engnest.meetings.pages.calendar_state import CalendarState
from engnest.meetings.pages.detail_state import MeetingDetailState
from engnest.meetings.pages.request_state import MeetingRequestState
from engnest.meetings.pages.spot_picker_state import SpotPickerState
from engnest.meetings.pages.views import MeetingCard
from state.harness import Tab, assert_signed_in, redirect_target


def meetings(session) -> int:
    return session.exec(sa.select(sa.func.count()).select_from(Meeting)).one()[0]


async def test_the_request_form_loads_the_other_person_anonymised_with_spots(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    form = tab.state(MeetingRequestState)
    assert form.unavailable == "" and form.problem == ""
    assert form.other_label == "an Electrical engineer near Yokohama, Japan"
    picker = tab.state(SpotPickerState)
    sent_to_browser = repr([{k: getattr(st, k) for k in st.base_vars} for st in (form, picker)])
    assert "Ben" not in sent_to_browser and "Hughes" not in sent_to_browser
    assert len(picker.spots) >= 5 and picker.selected == picker.spots[0].id
    assert len(picker.map_spots) == len(picker.spots) and len(picker.people) == 2


async def test_sending_a_request_from_the_form_goes_to_the_new_meeting(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    tab.state(MeetingRequestState).date = "2026-12-05"
    events = await tab.call(MeetingRequestState, "submit", {"message": "Hi"})
    meeting = sqlite_session.exec(sa.select(Meeting)).one()[0]
    assert redirect_target(events) == f"/meetings/{meeting.id}"


async def test_form_errors_come_back_per_field_and_nothing_is_written(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    form = tab.state(MeetingRequestState)
    form.date, form.duration = "2020-01-01", "0"
    tab.state(SpotPickerState).selected = "forged:spot"
    await tab.call(MeetingRequestState, "submit", "not-a-dict")
    assert set(form.errors) == {"start", "duration", "spot"}
    assert meetings(sqlite_session) == 0


async def test_without_a_session_every_meeting_handler_sends_to_sign_in(sqlite_session):
    cases = [
        (MeetingRequestState, "load", ()),
        (MeetingRequestState, "submit", ({},)),
        (MeetingDetailState, "load", ()),
        (MeetingDetailState, "accept", ()),
        (MeetingDetailState, "cancel", ({"reason": "x"},)),
        (CalendarState, "load", ()),
        (CreditsState, "buy", ("five",)),
    ]
    for cls, handler, args in cases:
        tab = Tab(path="/meetings/1")
        events = await tab.call(cls, handler, *args)
        assert (redirect_target(events) or "").startswith("/signin"), (cls.__name__, handler)


async def test_a_stranger_opening_someone_elses_meeting_sees_not_found_and_cannot_act(sqlite_session):
    a, b = pair(sqlite_session)
    meeting = request(sqlite_session, a, b)
    eve = make_user(sqlite_session, complete=True, city="Tokyo, Japan")
    # Eve is signed in, and opens and acts on a meeting of her own.
    own = request(sqlite_session, make_user(sqlite_session, complete=True, city="Yokohama, Japan"), eve)
    tab = Tab(token=login_token(sqlite_session, eve), path=f"/meetings/{own.id}")
    await assert_signed_in(tab, eve)
    await tab.call(MeetingDetailState, "load")
    assert not tab.state(MeetingDetailState).not_found and "accept" in tab.state(MeetingDetailState).actions
    tab.set_router(token=login_token(sqlite_session, eve), path=f"/meetings/{meeting.id}")
    await tab.call(MeetingDetailState, "load")
    detail = tab.state(MeetingDetailState)
    assert detail.not_found and detail.m == MeetingCard()
    await tab.call(MeetingDetailState, "accept")
    assert detail.errors == {"form": "This meeting does not exist."}
    sqlite_session.expire_all()
    assert sqlite_session.get(Meeting, meeting.id).status == "pending"


async def test_the_recipient_accepts_from_the_detail_page_and_sees_the_full_name(sqlite_session):
    a, b = pair(sqlite_session)
    meeting = request(sqlite_session, a, b)
    tab = Tab(token=login_token(sqlite_session, b), path=f"/meetings/{meeting.id}")
    await tab.call(MeetingDetailState, "load")
    detail = tab.state(MeetingDetailState)
    assert detail.actions == ["accept", "counter", "decline"] and detail.m.other_name == ""
    assert detail.m.awaiting_me is True and detail.m.i_requested is False and detail.review.shown is False  # typed flags
    await tab.call(MeetingDetailState, "accept")
    assert detail.m.status == "accepted" and detail.m.other_name == "Aiko Tanaka" and detail.other_full


async def test_the_spot_picker_refuses_a_different_caller_than_the_one_it_was_set_up_for(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    picker = tab.state(SpotPickerState)
    assert picker.spots
    other = make_user(sqlite_session, complete=True, city="Tokyo, Japan")
    tab.set_router(token=login_token(sqlite_session, other), path="/meetings/new")
    await assert_signed_in(tab, other)
    await tab.call(SpotPickerState, "set_kind", "library")
    assert picker.spots == [] and picker.people == []
    # The same caller sets up a picker of their own and gets spots.
    tab.set_router(token=login_token(sqlite_session, other), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    assert picker.spots


async def test_picker_filters_by_kind_and_ignores_unknown_values(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    picker = tab.state(SpotPickerState)
    await tab.call(SpotPickerState, "set_kind", "library")
    assert picker.spots and {s.kind for s in picker.spots} == {"Library"}
    await tab.call(SpotPickerState, "set_kind", {"$ne": 1})
    assert picker.kind == "all"
    await tab.call(SpotPickerState, "set_kind", "coworking")
    assert picker.spots == [] and "no coworking spaces" in picker.problem and "Our built-in place list" in picker.coverage


async def test_the_request_form_for_a_blocked_or_unknown_person_says_unavailable(sqlite_session):
    a, _ = pair(sqlite_session)
    for query in ("with=999999", "with=abc", ""):
        tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=query)
        await tab.call(MeetingRequestState, "load")
        assert tab.state(MeetingRequestState).unavailable


async def test_the_calendar_lists_my_meeting_in_my_timezone(sqlite_session):
    a, b = pair(sqlite_session)
    request(sqlite_session, a, b)
    tab = Tab(token=login_token(sqlite_session, b), path="/meetings")
    await tab.call(CalendarState, "load")
    cal = tab.state(CalendarState)
    assert len(cal.upcoming) == 1 and cal.upcoming[0].when.endswith("GMT")


async def test_the_request_form_offers_times_inside_both_peoples_hours_and_warns_outside_them(sqlite_session):
    from engnest.meetings.services import availability

    a, b = pair(sqlite_session)  # Tokyo and London
    availability.set_week(session=sqlite_session, user_id=a.id, texts=["18:00-22:00"] * 7, now=NOW)
    availability.set_week(session=sqlite_session, user_id=b.id, texts=["10:00-12:00"] * 7, now=NOW)
    sqlite_session.commit()
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    form = tab.state(MeetingRequestState)
    assert form.slots and form.slot_status == ""
    first = form.slots[0]
    assert first.time in ("19:00", "19:30", "20:00", "20:30") and first.theirs.split()[1] in ("10:00", "10:30", "11:00")
    await tab.call(MeetingRequestState, "pick_slot", first.date, first.time)
    assert (form.date, form.time) == (first.date, first.time)
    assert not any("usual hours" in n or "usually free" in n for n in form.time_notes)
    form.time = "09:00"  # morning in Tokyo: outside both people's hours
    assert any("outside your usual hours" in n for n in form.time_notes)
    assert any("outside the hours they are usually free" in n for n in form.time_notes)


async def test_without_their_hours_the_form_says_so_and_offers_nothing(sqlite_session):
    a, b = pair(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, a), path="/meetings/new", query=f"with={b.id}")
    await tab.call(MeetingRequestState, "load")
    assert tab.state(MeetingRequestState).slots == [] and tab.state(MeetingRequestState).slot_status == "no_mine"


async def test_a_counter_proposal_outside_the_requesters_hours_is_warned_about(sqlite_session):
    from engnest.meetings.services import availability

    a, b = pair(sqlite_session)  # Aiko in Tokyo asks Ben in London
    availability.set_week(session=sqlite_session, user_id=a.id, texts=["18:00-22:00"] * 7, now=NOW)
    sqlite_session.commit()
    meeting = request(sqlite_session, a, b, hour=19)
    tab = Tab(token=login_token(sqlite_session, b), path=f"/meetings/{meeting.id}")
    await tab.call(MeetingDetailState, "load")
    detail = tab.state(MeetingDetailState)
    assert not any("usually free" in n for n in detail.counter_notes)  # the requested time suits the requester
    detail.counter_time = "06:00"  # 15:00 in Tokyo
    assert any("outside the hours they are usually free" in n for n in detail.counter_notes)
    assert not any("your usual hours" in n for n in detail.counter_notes)  # Ben has set none
