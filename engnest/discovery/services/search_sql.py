"""The two places search SQL differs between SQLite and PostgreSQL: full-text matching and long id lists."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped

from engnest.profiles.models import Profile

FTS_TABLE = sa.table("profile_fts", sa.column("rowid"))


def fts5_query(terms: list[str], any_term: bool = False, also: Sequence[str] = ()) -> str:
    """Every term (or any) as a quoted prefix, plus the whole words `also`: terms are letters and digits
    only, so nothing else is syntax."""
    query = (" OR " if any_term else " ").join(f'"{t}"*' for t in terms)
    return " ".join([f"({query})" if any_term else query, *(f'"{w}"' for w in also)])


def tsquery(terms: list[str], any_term: bool = False, also: Sequence[str] = ()) -> str:
    query = (" | " if any_term else " & ").join(f"{t}:*" for t in terms)
    return " & ".join([f"({query})" if any_term else query, *also])


def text_match(
    stmt: sa.Select[Any], dialect: str, terms: list[str], any_term: bool = False, also: Sequence[str] = ()
) -> tuple[sa.Select[Any], sa.ColumnElement[Any]]:
    """Restrict `stmt` (over Profile) to profiles matching every term (or any); returns it and a rank
    (lower is better). `also` are words every wanted document contains anyway (the discipline label is in
    every search document): the full-text index then narrows by them before any row is read."""
    if dialect == "sqlite":
        stmt = stmt.join(FTS_TABLE, FTS_TABLE.c.rowid == Profile.user_id).where(
            sa.literal_column("profile_fts").op("MATCH")(sa.bindparam("fts_query", fts5_query(terms, any_term, also)))
        )
        return stmt, sa.func.bm25(sa.literal_column("profile_fts"))
    query = sa.func.to_tsquery(sa.literal_column("'english'::regconfig"), sa.bindparam("tsq", tsquery(terms, any_term, also)))
    tsv: sa.ColumnElement[Any] = sa.literal_column("profile.search_tsv")
    return stmt.where(tsv.op("@@")(query)), -sa.func.ts_rank_cd(tsv, query)


def id_in(column: sa.ColumnElement[Any] | Mapped[Any], ids: Collection[int], dialect: str, name: str) -> sa.ColumnElement[bool]:
    """`column IN ids` as one bound value (a JSON array on SQLite, an int[] on PostgreSQL), however many."""
    values = sorted(int(i) for i in ids)
    if dialect == "sqlite":
        each = sa.func.json_each(sa.bindparam(name, json.dumps(values))).table_valued("value")
        return column.in_(sa.select(each.c.value))
    return column == sa.func.any(sa.bindparam(name, values, type_=ARRAY(sa.Integer)))
