"""Alembic environment. Used by `alembic ...`, by `engnest.migrations` (make migrate, tests) and by
`reflex db makemigrations`. The URL comes from engnest.platform.settings unless the caller sets one."""

from logging.config import fileConfig

import engnest.schema  # noqa: F401  (registers every table on the metadata)
from alembic import context
from engnest.migrations import include_name, include_object
from engnest.platform.db import make_engine
from engnest.platform.settings import get_settings
from engnest.schema import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url or url.startswith("driver://"):
        url = get_settings().db_url
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
        include_name=include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Keep the engine's own pool: swapping it skips the dialect's first-connect setup, and SQLite batch
    # operations that reflect a table (drop_column) then fail. The engine is disposed right after.
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        include_name=include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
