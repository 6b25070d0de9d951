"""Any client can call any public handler with any payload. Call every public event handler of every
EngNest state — anonymously, and as a signed-in stranger aiming at another user's rows — and check
that nothing of the victim's changes and nothing secret lands in the state sent to the browser."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from factories import login_token, make_user
from reflex.state import BaseState, State
from reflex_base.utils import format

import engnest.engnest  # noqa: F401  (imports every page, so every state class exists)
from engnest.platform.db import get_engine
from engnest.profiles.pages.editors import SkillsState
from engnest.profiles.services import profiles
from engnest.schema import metadata
from state.harness import Tab, assert_signed_in


def engnest_states() -> list[type[BaseState]]:
    found, todo = [], [State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("engnest."):
            found.append(cls)
    return sorted(found, key=lambda c: c.get_full_name())


def public_handlers(cls: type[BaseState]) -> list[str]:
    return sorted(
        name for name, handler in cls.event_handlers.items()
        if not name.startswith("_") and not name.startswith("set_") or name in {"set_browser_tz"}
    )


# Rows another user may create about you by design: a friend request (and its notification), a block.
# They name the one who acted, so they are left out when that one is the attacker.
BY_DESIGN = {"friendship": "requester_id", "block": "blocker_id", "notification": "actor_id"}


def rows_of(user_id: int, acting: int | None = None) -> dict[str, list[tuple]]:
    """Every row in every table that refers to `user_id`, plus the account itself (without the rows
    `acting` created by design, see BY_DESIGN)."""
    out: dict[str, list[tuple]] = {}
    with get_engine().connect() as conn:
        for table in metadata.sorted_tables:
            conds = [fk.parent == user_id for fk in table.foreign_keys if fk.column.table.name == "user_account"]
            if table.name == "user_account":
                conds.append(table.c.id == user_id)
            if table.name == "user_session":
                continue  # the session's idle timer is touched by design
            if conds:
                query = sa.select(table).where(sa.or_(*conds))
                if acting is not None and table.name in BY_DESIGN:
                    query = query.where(table.c[BY_DESIGN[table.name]].is_distinct_from(acting))
                out[table.name] = sorted(map(tuple, conn.execute(query).all()), key=repr)
    return out


JUNK = [(), ("",), ("1",), (1,), (-1,), ("' OR 1=1 --",), ({},), ({"x": "y"},), (None,), ([],), ("9" * 40,)]


async def call_everything(tab: Tab, victim_ids: list[int]) -> None:
    forged = [(str(i),) for i in victim_ids] + [(i,) for i in victim_ids] + [
        ({"project_id": str(i), "project_title": "pwned", "skill": "pwned", "proficiency": "expert", "first_name": "pwned",
          "last_name": "x", "discipline": "civil", "pitch": "pwned", "status": "recruit", "preference": "online"},) for i in victim_ids
    ]
    for cls in engnest_states():
        for name in public_handlers(cls):
            for args in JUNK + forged:
                try:
                    await asyncio.wait_for(tab.call(cls, name, *args), timeout=10)
                except (TypeError, asyncio.TimeoutError):
                    pass  # wrong arity: Reflex refuses it before the handler runs, nothing written
                except Exception as exc:  # noqa: BLE001
                    pytest.fail(f"{cls.__name__}.{name}{args!r} raised {type(exc).__name__}: {exc}")


def test_the_guard_test_sees_the_handlers():
    names = {f"{c.__name__}.{h}" for c in engnest_states() for h in public_handlers(c)}
    assert {"ProfileState.save_about", "SkillsState.remove", "SettingsState.delete_account"} <= names


async def test_anonymous_calls_to_every_handler_change_nothing(sqlite_session):
    victim = make_user(sqlite_session, complete=True, creator=True)
    before = rows_of(victim.id)
    ids = [s.id for s in profiles.list_skills(session=sqlite_session, user_id=victim.id)]
    ids += [p.id for p in profiles.list_projects(session=sqlite_session, user_id=victim.id)] + [victim.id]
    await call_everything(Tab(path="/profile"), ids)
    assert rows_of(victim.id) == before


async def test_a_signed_in_stranger_cannot_touch_another_users_rows(sqlite_session):
    victim = make_user(sqlite_session, complete=True, creator=True)
    attacker = make_user(sqlite_session, complete=True)
    ids = [s.id for s in profiles.list_skills(session=sqlite_session, user_id=victim.id)]
    ids += [p.id for p in profiles.list_projects(session=sqlite_session, user_id=victim.id)] + [victim.id]
    before = rows_of(victim.id, acting=attacker.id)
    tab = Tab(token=login_token(sqlite_session, attacker), path="/profile")
    # The attacker is signed in, and the handlers act on the attacker's own rows: removing their own skill works.
    await assert_signed_in(tab, attacker)
    own = profiles.list_skills(session=sqlite_session, user_id=attacker.id)
    await tab.call(SkillsState, "remove", str(own[0].id))
    assert [s.id for s in profiles.list_skills(session=sqlite_session, user_id=attacker.id)] == [s.id for s in own[1:]]
    await call_everything(tab, ids)
    assert rows_of(victim.id, acting=attacker.id) == before
    await assert_signed_in(tab, attacker)  # still (a revoked session never comes back): signed in throughout


async def test_state_sent_to_the_browser_holds_no_secret(sqlite_session):
    other = make_user(sqlite_session, email="other-person@example.com", complete=True)
    me = make_user(sqlite_session, email="me@example.com", complete=True, creator=True)
    token = login_token(sqlite_session, me)
    tab = Tab(token=token, path="/profile")
    for cls in engnest_states():
        if "load" in cls.event_handlers:
            await tab.call(cls, "load")
    # Exactly what the websocket would carry: the state serialised the way Reflex sends it.
    payload = format.json_dumps(tab.root.dict())
    hashes = sqlite_session.execute(sa.text("SELECT password_hash FROM user_account")).scalars().all()
    assert token not in payload
    assert all(h not in payload for h in hashes)
    assert "$2b$" not in payload
    assert other.email not in payload
