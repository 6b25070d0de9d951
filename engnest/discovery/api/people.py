"""`/people`: the Discover search with the same filters (and the same rules: complete profiles, no blocks either
way, never the caller), as anonymised cards."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from engnest.discovery.api.schemas import PeoplePage, PersonPublic
from engnest.discovery.domain.search import MAX_PAGE, SearchFilters, parse_filters
from engnest.discovery.services import cards, search
from engnest.platform import realtime
from engnest.platform.api import cursor
from engnest.platform.api.auth import Caller, reader
from engnest.platform.api.errors import ERROR_RESPONSES
from engnest.platform.api.params import CursorParam, read_position
from engnest.platform.db import in_session

router = APIRouter(tags=["people"], responses=ERROR_RESPONSES)
Text = Annotated[str, Query(max_length=400)]


def _search(*, session: Session, caller: Caller, filters: SearchFilters, online: set[int]) -> PeoplePage:
    found = search.search(session=session, viewer_id=caller.user_id, filters=filters, online_ids=online)
    people = cards.cards_for(session=session, viewer_id=caller.user_id, ids=found.ids, distances=found.distances)
    following = cursor.encode(filters.page + 1) if found.ids and found.has_next and filters.page < MAX_PAGE else None
    return PeoplePage(items=[PersonPublic.of(c) for c in people], next_cursor=following, total=found.total, more=found.more,
                      notes=list(found.notes))


@router.get("/people", response_model=PeoplePage, summary="Search people (the Discover filters)")
async def search_people(
    caller: Caller = Depends(reader),
    q: Text = "",
    discipline: Text = "",
    skills: Annotated[str, Query(max_length=400, description="Comma-separated skill names.")] = "",
    match: Annotated[str, Query(max_length=20, description="any | all (skills)")] = "any",
    status: Text = "",
    preference: Text = "",
    within: Annotated[str, Query(max_length=20, description="Kilometres from your city.")] = "",
    online: bool = False,
    projects: bool = False,
    sort: Annotated[str, Query(max_length=20, description="relevance | newest | reliability | distance")] = "relevance",
    cursor: CursorParam = None,
) -> PeoplePage:
    params = {"q": q, "discipline": discipline, "skills": skills, "match": match, "status": status, "preference": preference,
              "within": within, "online": "1" if online else "", "projects": "1" if projects else "", "sort": sort}
    filters = parse_filters(params)
    position = read_position(cursor)
    if position is not None:
        filters = filters.with_page(position)
    online_ids = await realtime.directory().online_users(time.time()) if filters.online else set()
    return await in_session(_search, caller=caller, filters=filters, online=online_ids)
