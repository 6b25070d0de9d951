"""Discovery handlers called as a browser tab would: every one re-checks the caller, treats arguments as
hostile, and never puts a stranger's name, email, links or photo into state."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from factories import NOW, login_token, make_user

from engnest.discovery.pages.discover.state import DiscoverState
from engnest.discovery.pages.friends.state import FriendsState
from engnest.discovery.pages.person.state import PersonState
from engnest.discovery.pages.suggestions import SuggestionsState
from engnest.network.models import Block, Friendship
from engnest.network.services import relations
from engnest.profiles.services import profiles
from state.harness import Tab, assert_signed_in, redirect_target

SECRETS = ("Zelda", "Quixote", "zq@example.com", "github.com/zq")


@pytest.fixture
def people(sqlite_session):
    s = sqlite_session
    viewer = make_user(s, complete=True, first_name="Vera", skills=("CAD",))
    zelda = make_user(s, complete=True, first_name="Zelda", last_name="Quixote", email="zq@example.com", creator=True,
                      pitch="I'm Zelda Quixote, drone frames. Mail zq@example.com.", city="Reading, United Kingdom")
    profiles.update_links(session=s, user_id=zelda.id, github_url="https://github.com/zq", linkedin_url="", portfolio_url="", now=NOW)
    return {"viewer": viewer, "zelda": zelda, "session": s}


def tab_for(people, who: str, path: str, query: str = "") -> Tab:
    return Tab(token=login_token(people["session"], people[who]), path=path, query=query)


async def signed_in_tab(people, who: str, path: str, query: str = "") -> Tab:
    """A tab whose session is proven to resolve to `who` (guard tests start from this)."""
    tab = tab_for(people, who, path, query)
    await assert_signed_in(tab, people[who])
    return tab


def state_text(tab: Tab, cls) -> str:
    return json.dumps(tab.state(cls).dict(), default=str)


@pytest.mark.parametrize("cls,handler,args", [
    (DiscoverState, "load", ()), (PersonState, "load", ()), (FriendsState, "load", ()), (SuggestionsState, "load", ()),
    (DiscoverState, "add_friend", ("2",)), (PersonState, "block", ("2",)), (FriendsState, "unblock", ("2",)),
])
async def test_handlers_refuse_a_caller_without_a_session(people, cls, handler, args):
    tab = Tab(path="/discover")
    events = await tab.call(cls, handler, *args)
    assert redirect_target(events).startswith("/signin")
    assert people["session"].execute(sa.select(sa.func.count()).select_from(Block)).scalar_one() == 0


async def test_discover_reads_filters_from_the_url_and_shows_only_anonymised_cards(people):
    tab = tab_for(people, "viewer", "/discover", "q=drone&within=100&sort=distance")
    await tab.call(DiscoverState, "load")
    state = tab.state(DiscoverState)
    assert (state.q, state.within, state.sort, state.total) == ("drone", "100", "distance", 1)
    assert state.results[0].pitch == "I'm [name], drone frames. Mail [contact]."
    assert state.results[0].distance == "about 60 km away"
    for secret in SECRETS:
        assert secret not in state_text(tab, DiscoverState)


async def test_malformed_filters_are_noted_and_absurd_pages_are_empty(people):
    tab = tab_for(people, "viewer", "/discover", "within=lots&page=99999&sort=1%3D1")
    await tab.call(DiscoverState, "load")
    state = tab.state(DiscoverState)
    assert len(state.notes) == 2 and state.results == [] and state.total == 1 and state.prev_href.startswith("/discover?page=99998")


async def test_the_filter_form_goes_into_the_url(people):
    tab = tab_for(people, "viewer", "/discover")
    events = await tab.call(DiscoverState, "apply", {"q": "drone", "discipline": "mechanical", "online": "1", "sort": "newest", "within": ""})
    assert redirect_target(events) == "/discover?q=drone&discipline=mechanical&online=1&sort=newest"
    events = await tab.call(DiscoverState, "apply", "not a form")
    assert redirect_target(events) == "/discover"


async def test_person_page_for_a_stranger_has_no_name_email_links_or_photo(people):
    tab = await signed_in_tab(people, "viewer", f"/people/{people['zelda'].id}")
    await tab.call(PersonState, "load")
    state = tab.state(PersonState)
    assert state.found and state.card.headline == "Mechanical engineer" and state.card.full.name == ""
    for secret in SECRETS:
        assert secret not in state_text(tab, PersonState)


async def test_person_page_for_a_collaborator_shows_the_full_profile(people):
    s = people["session"]
    relations.do_make_collaborators(session=s, a=people["viewer"].id, b=people["zelda"].id, now=NOW)
    s.commit()
    tab = tab_for(people, "viewer", f"/people/{people['zelda'].id}")
    await tab.call(PersonState, "load")
    assert tab.state(PersonState).card.full.name == "Zelda Quixote"


@pytest.mark.parametrize("path", ["/people/abc", "/people/-3", "/people/99999999999", "/people/"])
async def test_person_page_with_a_bad_id_says_not_available(people, path):
    tab = tab_for(people, "viewer", path)
    await tab.call(PersonState, "load")
    assert tab.state(PersonState).loaded and not tab.state(PersonState).found


async def test_own_person_page_previews_the_anonymised_card(people):
    tab = tab_for(people, "zelda", f"/people/{people['zelda'].id}")
    await tab.call(PersonState, "load")
    state = tab.state(PersonState)
    assert state.is_self and state.card.full.name == "" and "[name]" in state.card.pitch


@pytest.mark.parametrize("arg", ["abc", "-1", "0", "1e9", None, {"id": 2}, "99999"])
async def test_hostile_ids_in_actions_write_nothing(people, arg):
    tab = await signed_in_tab(people, "viewer", "/discover")
    for handler in ("add_friend", "block", "accept_friend", "remove_friend"):
        events = await tab.call(DiscoverState, handler, arg)
        assert "error" in str(events)
    s = people["session"]
    assert s.execute(sa.select(sa.func.count()).select_from(Block)).scalar_one() == 0
    assert s.execute(sa.select(sa.func.count()).select_from(Friendship)).scalar_one() == 0
    # The same handler with a real person's id works for this caller.
    assert "Friend request sent." in str(await tab.call(DiscoverState, "add_friend", str(people["zelda"].id)))
    assert s.execute(sa.select(sa.func.count()).select_from(Friendship)).scalar_one() == 1


async def test_blocking_yourself_is_refused(people):
    tab = await signed_in_tab(people, "viewer", "/discover")
    events = await tab.call(DiscoverState, "block", str(people["viewer"].id))
    assert "You cannot block this person." in str(events)
    assert people["session"].execute(sa.select(sa.func.count()).select_from(Block)).scalar_one() == 0


async def test_request_accept_and_the_friends_page(people):
    viewer_tab = tab_for(people, "viewer", f"/people/{people['zelda'].id}")
    await viewer_tab.call(PersonState, "load")
    events = await viewer_tab.call(PersonState, "add_friend", str(people["zelda"].id))
    assert "Friend request sent." in str(events) and viewer_tab.state(PersonState).card.relation == "sent"

    zelda_tab = tab_for(people, "zelda", "/friends")
    await zelda_tab.call(FriendsState, "load")
    assert [c.user_id for c in zelda_tab.state(FriendsState).received] == [people["viewer"].id]
    await zelda_tab.call(FriendsState, "accept_friend", str(people["viewer"].id))
    state = zelda_tab.state(FriendsState)
    assert [c.user_id for c in state.friends] == [people["viewer"].id] and state.received == []

    await viewer_tab.call(PersonState, "block", str(people["zelda"].id))
    assert viewer_tab.state(PersonState).card.blocked
    await zelda_tab.call(FriendsState, "load")
    assert zelda_tab.state(FriendsState).friends == []


async def test_suggestions_show_a_reason(people):
    tab = tab_for(people, "viewer", "/home")
    await tab.call(SuggestionsState, "load")
    people_to_meet = tab.state(SuggestionsState).people
    assert [c.user_id for c in people_to_meet] == [people["zelda"].id]
    assert people_to_meet[0].reason.startswith("their project") and people_to_meet[0].reason.endswith("wants CAD, which you know")
    for secret in SECRETS:
        assert secret not in state_text(tab, SuggestionsState)
