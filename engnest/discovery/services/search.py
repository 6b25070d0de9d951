"""People search: filters, full text, distance, online now, sorting and paging, in two SQL queries
(a count and one page). Blocked people in either direction never appear; nor does the viewer.

Distance: the gazetteer's cities inside a bounding box around the viewer's city (bisection over cities
sorted by latitude) are kept when their geodesic distance (domain.geo) is within the radius; the search keeps
profiles in those cities (one bound list, so SQLAlchemy's compiled-statement cache is hit). "Nearest first" orders by a
flat-earth estimate in SQL (it only swaps people whose distances round to the same label); the page
shows geodesic distances.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from engnest.discovery.domain.search import PAGE_SIZE, SearchFilters, search_terms
from engnest.discovery.services.search_sql import id_in, text_match
from engnest.network.models import Block
from engnest.platform.domain import geo
from engnest.platform.places.nearby import city_ids_within
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.models import Profile, Skill

# Counting stops here (plus what the requested page needs): "1,000+ engineers" costs the same at 100k.
COUNT_CAP = 1000

# An ORDER BY expression and whether it sorts descending.
SortKey = tuple[sa.SQLColumnExpression[Any], bool]


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    ids: list[int]
    distances: dict[int, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    more: bool = False  # there are more than `total` results (the count was capped)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.pages


@dataclass(frozen=True)
class Origin:
    lat: float
    lon: float


def viewer_origin(*, session: Session, viewer_id: int) -> Origin | None:
    row = session.execute(sa.select(col(Profile.city_lat), col(Profile.city_lon)).where(col(Profile.user_id) == viewer_id)).first()
    if row is None or None in row:
        return None
    return Origin(*row)


def _hidden(viewer_id: int) -> sa.ColumnElement[bool]:
    """People the viewer blocked or was blocked by (a subquery: no extra round trip)."""
    return col(Profile.user_id).not_in(
        sa.union(
            sa.select(col(Block.blocked_id)).where(col(Block.blocker_id) == viewer_id),
            sa.select(col(Block.blocker_id)).where(col(Block.blocked_id) == viewer_id),
        )
    )


def near_cities(*, origin: Origin, within_km: float) -> frozenset[int]:
    """The ids of the cities within `within_km` of `origin` (geodesic), from the in-memory gazetteer."""
    return city_ids_within(origin.lat, origin.lon, float(within_km))


def _flat_distance(origin: Origin) -> sa.ColumnElement[Any]:
    """Squared equirectangular distance in degrees: orders by nearness without trigonometry in SQL."""
    dlon = sa.func.abs(col(Profile.city_lon) - origin.lon)
    wrapped = sa.case((dlon > 180, 360 - dlon), else_=dlon) * math.cos(math.radians(origin.lat))
    dlat = col(Profile.city_lat) - origin.lat
    return dlat * dlat + wrapped * wrapped


def _skills_condition(keys: tuple[str, ...], mode: str) -> sa.ColumnElement[bool]:
    """Someone who knows any (or each) of `keys`: lookups in the unique (user_id, key) index, so a page
    ordered by another index stops as soon as it is full."""
    if mode == "all" and len(keys) > 1:
        return sa.and_(*[sa.exists().where(col(Skill.user_id) == col(Profile.user_id), col(Skill.key) == key) for key in keys])
    return sa.exists().where(col(Skill.user_id) == col(Profile.user_id), col(Skill.key).in_(keys))


def search(
    *, session: Session, viewer_id: int, filters: SearchFilters, online_ids: set[int] | None = None
) -> SearchPage:
    """One page of people matching `filters`, for `viewer_id`. `online_ids` comes from the tab directory."""
    dialect = session.get_bind().dialect.name
    notes = list(filters.notes)
    origin = viewer_origin(session=session, viewer_id=viewer_id)
    stmt = sa.select(col(Profile.user_id)).where(col(Profile.is_complete) == sa.true(), col(Profile.user_id) != viewer_id, _hidden(viewer_id))
    for column, value in ((col(Profile.discipline), filters.discipline), (col(Profile.status), filters.status), (col(Profile.preference), filters.preference)):
        if value:
            stmt = stmt.where(column == value)
    if filters.has_projects:
        stmt = stmt.where(col(Profile.project_count) > 0)
    if filters.skill_keys:
        stmt = stmt.where(_skills_condition(filters.skill_keys, filters.skills_mode))
    if filters.online:
        if not online_ids:
            return SearchPage(0, filters.page, [], notes=notes)
        stmt = stmt.where(id_in(col(Profile.user_id), online_ids, dialect, "online_ids"))

    near: frozenset[int] | None = None
    if filters.within_km and origin is None:
        notes.append("Set your city on your profile to filter by distance; the distance was ignored.")
    elif filters.within_km:
        assert origin is not None  # the branch above took the no-city case
        near = near_cities(origin=origin, within_km=filters.within_km)
        if not near:
            return SearchPage(0, filters.page, [], notes=notes)
        stmt = stmt.where(id_in(col(Profile.city_id), near, dialect, "near_city_ids"))
    sort = filters.sort
    if sort == "distance" and origin is None:
        notes.append("Set your city on your profile to sort by distance; showing the best matches instead.")
        sort = "relevance"

    rank = None
    if filters.terms:
        stmt, rank = text_match(stmt, dialect, filters.terms, also=search_terms(DISCIPLINES.get(filters.discipline, "")))
    keys = _sort_keys(sort, rank, origin)
    rows: Sequence[Any]
    limit = max(COUNT_CAP, filters.offset + PAGE_SIZE) + 1
    if filters.terms or sort == "distance":
        rows, counted = _page_and_count(session, stmt, keys, limit, filters.offset)
    else:  # an index gives this order: count (capped), then read just the page
        counted = _count(session, stmt, limit)
        page = stmt.add_columns(col(Profile.city_lat), col(Profile.city_lon)).order_by(*_ordering([e for e, _ in keys], keys))
        rows = session.execute(page.limit(PAGE_SIZE).offset(filters.offset)).all() if filters.offset < counted else []
    total, more = (limit - 1, True) if counted == limit else (counted, False)
    distances: dict[int, float] = {}
    if origin is not None:
        for user_id, lat, lon, *_ in rows:
            if lat is not None and lon is not None:
                distances[user_id] = geo.distance_km(geo.LatLon(origin.lat, origin.lon), geo.LatLon(lat, lon))
    return SearchPage(total, filters.page, [r[0] for r in rows], distances, notes, more)


def _count(session: Session, stmt: sa.Select[Any], limit: int) -> int:
    counted: int = session.execute(sa.select(sa.func.count()).select_from(stmt.limit(limit).subquery())).scalar_one()
    return counted


def _page_and_count(
    session: Session, stmt: sa.Select[Any], keys: list[SortKey], limit: int, offset: int
) -> tuple[Sequence[Any], int]:
    """When every match must be scored or measured anyway (text, distance): one query takes the best `limit`
    in order, counts them with a window, and returns the requested page of them."""
    best = (
        stmt.add_columns(col(Profile.city_lat), col(Profile.city_lon), *[sa.label(f"sort_{i}", expr) for i, (expr, _) in enumerate(keys)])
        .order_by(*_ordering([expr for expr, _ in keys], keys))
        .limit(limit)
        .subquery()
    )
    sort_columns = [best.c[f"sort_{i}"] for i in range(len(keys))]
    rows = session.execute(
        sa.select(best.c.user_id, best.c.city_lat, best.c.city_lon, sa.func.count().over().label("total"))
        .order_by(*_ordering(sort_columns, keys))
        .limit(PAGE_SIZE)
        .offset(offset)
    ).all()
    if rows:
        return rows, rows[0].total
    return [], _count(session, stmt, limit) if offset else 0


def _sort_keys(sort: str, rank: sa.ColumnElement[Any] | None, origin: Origin | None) -> list[SortKey]:
    """(expression, descending) pairs; newest first breaks ties."""
    newest: list[SortKey] = [(col(Profile.created_at), True), (col(Profile.user_id), True)]
    if sort == "distance" and origin is not None:
        return [(_flat_distance(origin), False)] + newest
    if sort == "reliability":
        return [(col(Profile.reliability).is_(None), False), (col(Profile.reliability), True)] + newest
    if sort == "relevance" and rank is not None:
        return [(rank, False)] + newest
    return newest


def _ordering(columns: Sequence[sa.SQLColumnExpression[Any]], keys: list[SortKey]) -> list[sa.UnaryExpression[Any]]:
    return [column.desc() if descending else column.asc() for column, (_, descending) in zip(columns, keys)]
