"""What a tab holds — and so what the websocket carries — about a stranger's home (issue 9, §2.3): the
request form, its spot picker, the meeting page and the calendar show the approximate place and point only,
until the meeting is accepted."""

from __future__ import annotations

from factories import login_token
from location_support import NEW_YORK, NEWARK, leaks, make_nia_and_sam
from meeting_support import local_slot
from reflex.utils import format as rx_format

from engnest.meetings.components.spot_map import MapPerson
from engnest.meetings.pages.calendar_state import CalendarState
from engnest.meetings.pages.detail_state import MeetingDetailState
from engnest.meetings.pages.request_state import MeetingRequestState
from engnest.meetings.pages.spot_picker_state import SpotPickerState
from engnest.meetings.services import meeting_actions, meeting_requests, meeting_spots
from engnest.platform.clock import utcnow
from state.harness import Tab


def browser_sees(tab: Tab) -> str:
    """Every var of every state in the tab, as the websocket would send them (backend vars excluded)."""
    return rx_format.json_dumps(tab.root.dict())  # Reflex's own serializer: dataclass view models as JSON objects


def nia_asks_sam(session, nia, sam):
    spot = meeting_spots.spot_options(session=session, viewer_id=nia.id, other_id=sam.id).spots[0].place_id
    date, time = local_slot(tz=nia.timezone, now=utcnow())
    meeting = meeting_requests.request_meeting(
        session=session, requester_id=nia.id, recipient_id=sam.id, kind="in_person", start_date=date, start_time=time,
        duration=60, spot_id=spot, now=utcnow(),
    )
    session.commit()  # the test stands in for the request page: the outermost caller commits
    return meeting


async def test_the_request_form_carries_only_the_approximate_place_and_point(sqlite_session):
    nia, sam = make_nia_and_sam(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, sam, now=utcnow()), path="/meetings/new", query=f"with={nia.id}")
    await tab.call(MeetingRequestState, "load")
    form, picker = tab.state(MeetingRequestState), tab.state(SpotPickerState)
    assert form.unavailable == "" and form.problem == ""  # Sam is signed in and may ask Nia
    assert form.other_label == "a Mechanical engineer near New York City, United States"
    assert form.other_city == "near New York City, United States"
    assert len(picker.spots) >= 5
    them = picker.people[1]
    assert (them.lat, them.lon) == (NEW_YORK.lat, NEW_YORK.lon)
    assert "near New York City" in browser_sees(tab) and picker.spots[0].name in browser_sees(tab)
    assert not leaks(browser_sees(tab))
    for handler, arg in (("set_kind", "library"), ("set_mode", "drive"), ("set_kind", "all")):
        await tab.call(SpotPickerState, handler, arg)
        assert picker.spots and not leaks(browser_sees(tab))


async def test_the_meeting_page_and_calendar_of_a_pending_request_carry_only_the_approximate_place(sqlite_session):
    nia, sam = make_nia_and_sam(sqlite_session)
    meeting = nia_asks_sam(sqlite_session, nia, sam)
    tab = Tab(token=login_token(sqlite_session, sam, now=utcnow()), path=f"/meetings/{meeting.id}")
    await tab.call(MeetingDetailState, "load")
    detail = tab.state(MeetingDetailState)
    assert detail.m.other_city == "near New York City, United States" and "accept" in detail.actions
    assert (detail.homes[1].lat, detail.homes[1].lon) == (NEW_YORK.lat, NEW_YORK.lon)
    assert not leaks(browser_sees(tab))
    tab.set_router(token=login_token(sqlite_session, sam, now=utcnow()), path="/meetings")
    await tab.call(CalendarState, "load")
    assert "near New York City" in browser_sees(tab) and not leaks(browser_sees(tab))


async def test_after_acceptance_the_meeting_page_shows_the_real_city(sqlite_session):
    nia, sam = make_nia_and_sam(sqlite_session)
    meeting = nia_asks_sam(sqlite_session, nia, sam)
    meeting_actions.accept(session=sqlite_session, meeting_id=meeting.id, user_id=sam.id, now=utcnow())
    sqlite_session.commit()
    tab = Tab(token=login_token(sqlite_session, sam, now=utcnow()), path=f"/meetings/{meeting.id}")
    await tab.call(MeetingDetailState, "load")
    detail = tab.state(MeetingDetailState)
    assert detail.m.other_city == NEWARK.label and detail.m.other_name == "Nia Okafor"
    assert detail.homes[1] == MapPerson(label="Nia Okafor", lat=NEWARK.lat, lon=NEWARK.lon)
