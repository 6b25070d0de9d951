"""The full-text objects live outside the models: the drift check, env.py and Reflex's own schema check
(`reflex run`, `reflex db makemigrations`) all ignore them, so a migrated database shows no drift."""

from __future__ import annotations

import sqlalchemy as sa

from engnest.migrations import install_alembic_filters, schema_drift
from engnest.platform.settings import ROOT


def test_a_migrated_database_has_no_drift(db_url):
    assert schema_drift(db_url) == []


def test_the_full_text_index_exists(db_url):
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE 'profile_fts%'")}
            assert {"profile_fts", "profile_fts_insert", "profile_fts_update", "profile_fts_delete"} <= names
        else:
            kinds = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_profile_search_tsv'").scalar_one()
            assert "gin (search_tsv)" in kinds
    engine.dispose()


def test_reflex_schema_check_sees_no_changes(sqlite_url, monkeypatch):
    from reflex import model

    monkeypatch.chdir(ROOT)
    install_alembic_filters()
    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        assert model.alembic_autogenerate(connection=conn, write_migration_scripts=False) is False
    engine.dispose()
