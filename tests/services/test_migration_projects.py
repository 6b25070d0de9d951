"""Issue 14: w14_projects_teams copies each profile project into a first-class project owned by its creator (with
an owner member row); w14_profile_projects_move then carries over what the profile editor changed since, gives each
profile its copy of the projects it owns and drops the old `project` table (see test_migration_profile_projects)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa

from engnest.migrations import downgrade, upgrade

BEFORE = "w17_notification_created_index"
AT = dt.datetime(2026, 1, 2, 3, 4, 5)


def _old_database(url: str) -> sa.Engine:
    upgrade(url, BEFORE)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for uid, city, pref in [(1, "Leeds", "in_person"), (2, "", "hybrid")]:
            conn.execute(sa.text(
                "INSERT INTO user_account (id, email, timezone, password_hash, birth_date, timezone_auto, email_notifications, created_at, password_changed_at) "
                "VALUES (:id, :email, 'UTC', 'x', '1990-01-01', true, true, :at, :at)"
            ), {"id": uid, "email": f"u{uid}@example.com", "at": AT})
            conn.execute(sa.text(
                "INSERT INTO profile (user_id, first_name, last_name, pitch, status, discipline, preference, city_name, city_country, "
                "city_timezone, github_url, linkedin_url, portfolio_url, is_complete, created_at, updated_at) "
                "VALUES (:id, 'Ada', 'Lovelace', '', 'creator', 'electrical', :pref, :city, '', '', 'https://github.com/ada', '', '', true, :at, :at)"
            ), {"id": uid, "city": city, "pref": pref, "at": AT})
        conn.execute(sa.text(
            "INSERT INTO project (id, user_id, title, description, skills_wanted, created_at, updated_at) VALUES "
            "(7, 1, 'Solar kiln', 'A kiln that runs on sun.', '[\"Power Electronics\", \"CAD\"]', :at, :at), "
            "(9, 2, 'Tiny drone', '', '[]', :at, :at)"
        ), {"at": AT})
    return engine


COPIED = "w14_projects_teams"


def _check_moved(url: str) -> None:
    engine = _old_database(url)
    upgrade(url, COPIED)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT owner_id, title, summary, disciplines, skills_wanted, skill_keys, stage, preference, online, city, links, "
            "source_project_id FROM team_project ORDER BY source_project_id"
        )).all()
        members = conn.execute(sa.text("SELECT project_id, user_id, role FROM project_member ORDER BY user_id")).all()
        kept = conn.execute(sa.text("SELECT count(*) FROM project")).scalar_one()
    engine.dispose()
    import json

    def j(v):
        return json.loads(v) if isinstance(v, str) else v

    first, second = rows
    assert (first.owner_id, first.title, first.summary, j(first.disciplines), first.stage, first.preference) == (
        1, "Solar kiln", "A kiln that runs on sun.", ["electrical"], "idea", "in_person")
    assert j(first.skills_wanted) == [{"name": "Power Electronics", "key": "powerelectronics", "level": "intermediate"},
                                      {"name": "CAD", "key": "cad", "level": "intermediate"}]
    assert first.skill_keys == " powerelectronics cad " and not first.online and first.city == "Leeds"
    assert j(first.links) == []  # profile links are private; project links are public
    assert (second.owner_id, bool(second.online), second.city, second.source_project_id) == (2, True, "", 9)
    assert [(m.user_id, m.role) for m in members] == [(1, "owner"), (2, "owner")]
    assert kept == 2  # the profile editor's rows are untouched


def test_profile_projects_move_into_projects_on_sqlite(tmp_path):
    _check_moved(f"sqlite:///{tmp_path / 'old.db'}")


def test_profile_projects_move_into_projects_on_postgres(postgres_server):
    from support import require

    require(postgres_server is not None, "PostgreSQL at 127.0.0.1:5432")
    import uuid

    from support import PG_ADMIN_URL

    name = f"engnest_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        _check_moved(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_the_migration_goes_back_down(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url).dispose()
    upgrade(url, COPIED)
    downgrade(url, BEFORE)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        assert conn.execute(sa.text("SELECT count(*) FROM project")).scalar_one() == 2
    engine.dispose()
    assert "team_project" not in names and "project_task" not in names


# --- w14_profile_projects_move ------------------------------------------------------------------------------

PREVIOUS = "w18_message_edits"
LATER = AT + dt.timedelta(days=3)


def _j(value):
    return json.loads(value) if isinstance(value, str) else value


def _check(url: str) -> None:
    engine = _old_database(url)  # profile projects 7 (user 1) and 9 (user 2)
    upgrade(url, PREVIOUS)  # copied into team_project by w14_projects_teams
    with engine.begin() as conn:  # the profile editor kept writing `project` after the copy
        conn.execute(sa.text("UPDATE project SET title = 'Solar kiln v2', skills_wanted = '[\"CAD\"]', updated_at = :at WHERE id = 7"),
                     {"at": LATER})
        conn.execute(sa.text("INSERT INTO project (id, user_id, title, description, skills_wanted, created_at, updated_at) "
                             "VALUES (11, 1, 'Wind pump', 'Water from wind.', '[\"Fluids\"]', :at, :at)"), {"at": LATER})
    upgrade(url, "heads")
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        teams = conn.execute(sa.text("SELECT id, owner_id, title, skills_wanted, source_project_id FROM team_project ORDER BY id")).all()
        owners = conn.execute(sa.text("SELECT project_id, user_id, role FROM project_member ORDER BY project_id")).all()
        copies = {r.user_id: (_j(r.current_projects), r.project_count)
                  for r in conn.execute(sa.text("SELECT user_id, current_projects, project_count FROM profile"))}
    assert "project" not in tables
    by_source = {t.source_project_id: t for t in teams}
    assert by_source[7].title == "Solar kiln v2" and [s["name"] for s in _j(by_source[7].skills_wanted)] == ["CAD"]
    assert by_source[11].owner_id == 1 and (by_source[11].id, 1, "owner") in [tuple(o) for o in owners]
    assert len(teams) == 3  # nothing copied twice
    shown, count = copies[1]
    assert [p["title"] for p in shown] == ["Solar kiln v2", "Wind pump"] and count == 2  # as they were added
    assert shown[1] == {"id": by_source[11].id, "title": "Wind pump", "description": "Water from wind.", "wants": ["Fluids"]}
    assert copies[2] == ([{"id": by_source[9].id, "title": "Tiny drone", "description": "", "wants": []}], 1)
    downgrade(url, PREVIOUS)
    with engine.connect() as conn:
        rebuilt = conn.execute(sa.text("SELECT user_id, title FROM project ORDER BY id")).all()
        linked = conn.execute(sa.text("SELECT count(*) FROM team_project t JOIN project p ON p.id = t.source_project_id")).scalar_one()
    engine.dispose()
    assert sorted(tuple(r) for r in rebuilt) == [(1, "Solar kiln v2"), (1, "Wind pump"), (2, "Tiny drone")] and linked == 3


def test_profile_projects_move_and_the_old_table_goes_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_profile_projects_move_and_the_old_table_goes_on_postgres(postgres_server):
    from support import PG_ADMIN_URL, require

    require(postgres_server is not None, "PostgreSQL at 127.0.0.1:5432")
    name = f"engnest_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        _check(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
