"""Apply and check Alembic migrations programmatically (make migrate, tests, the app's first start)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from alembic import command
from engnest.platform.db import make_engine
from engnest.platform.settings import ROOT, get_settings
from engnest.schema import metadata


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Compare only tables the models declare: full-text tables (SQLite FTS5 and its shadow tables) are
    created by migrations with op.execute and are not in the SQLModel metadata."""
    return type_ != "table" or name in metadata.tables


def include_object(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """Ignore columns and indexes that exist only in the database (PostgreSQL search_tsv and its GIN index)."""
    return not (reflected and compare_to is None and type_ in ("column", "index"))


def install_alembic_filters() -> None:
    """Give Reflex's own Alembic runs the same filters as env.py.

    `reflex run` checks the schema and `reflex db makemigrations` autogenerates without going through
    alembic/env.py, so without this they would report the full-text objects as drift ("Detected database
    schema changes") and script their removal. Idempotent; called by the app module.
    """
    from alembic.runtime.environment import EnvironmentContext

    original = EnvironmentContext.configure
    if getattr(original, "_engnest_filters", False):
        return

    def configure(self, *args, **kwargs):
        kwargs.setdefault("include_name", include_name)
        kwargs.setdefault("include_object", include_object)
        return original(self, *args, **kwargs)

    configure._engnest_filters = True  # type: ignore[attr-defined]
    EnvironmentContext.configure = configure  # type: ignore[method-assign]  # a patch, on purpose


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url or get_settings().db_url)
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str | None = None) -> str | None:
    engine = make_engine(url or get_settings().db_url)
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return rev


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_drift(url: str | None = None) -> list:
    """Differences between the migrated database and the models (empty when in sync)."""
    engine = make_engine(url or get_settings().db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name, "include_object": include_object}
        )
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    return diff


if __name__ == "__main__":
    upgrade()
    print(f"database at revision {current_revision()}")
