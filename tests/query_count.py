"""Count the SQL statements a block of code sends, like Zulip's `assert_database_query_count`: a page that
issues one query per row (N+1) fails its test as soon as the data has more than a row or two.

    with count_queries(engine) as queries:
        ...
    assert len(queries) == 3, queries.report()

or, in one line, `with assert_query_count(engine, 3): ...`. Statements are counted with SQLAlchemy's
`before_cursor_execute` event on the engine, from the calling thread only (the mail outbox and the scheduler
share the engine from their own threads; `all_threads=True` counts them too, e.g. for handlers that run
their database work in `in_session`'s threads). Savepoints and the connection's own PRAGMAs are not the
page's work and are left out."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event

_IGNORED = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "PRAGMA")


@dataclass
class Queries:
    statements: list[str] = field(default_factory=list)
    parameters: list[object] = field(default_factory=list)  # each statement's bound values, for EXPLAIN

    def __len__(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        return f"{len(self.statements)} statements:\n" + "\n".join(f"  {i + 1}. {' '.join(s.split())[:300]}" for i, s in enumerate(self.statements))


@contextlib.contextmanager
def count_queries(engine: sa.Engine, *, all_threads: bool = False) -> Iterator[Queries]:
    queries = Queries()
    me = threading.get_ident()

    def _before(conn, cursor, statement, parameters, context, executemany) -> None:
        if (all_threads or threading.get_ident() == me) and not statement.lstrip().upper().startswith(_IGNORED):
            queries.statements.append(statement)
            queries.parameters.append(parameters)

    event.listen(engine, "before_cursor_execute", _before)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", _before)


@contextlib.contextmanager
def assert_query_count(engine: sa.Engine, expected: int, *, all_threads: bool = False) -> Iterator[Queries]:
    with count_queries(engine, all_threads=all_threads) as queries:
        yield queries
    assert len(queries) == expected, f"expected {expected} SQL statements, got {queries.report()}"
