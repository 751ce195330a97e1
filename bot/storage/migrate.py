"""Bring the database schema up to date, from the CLI or at start-up.

Alembic's commands are synchronous; they run inside `AsyncConnection.run_sync`, so they work
from a running event loop too, and the CLI simply drives the async version with `asyncio.run`.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from bot.storage.database import DEFAULT_URL, Database
from bot.storage.models import Base

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Several workers may start at once: on PostgreSQL they take turns through this advisory lock
# (an arbitrary fixed key); on SQLite the write lock taken at BEGIN does the same.
_PG_MIGRATION_LOCK = 0xC7BE_B07


_ATTEMPTS = 5


def alembic_config() -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def model_metadata() -> MetaData:
    """All tables of the bot, for autogenerate and for checking migrations against models.

    A table joins `Base.metadata` when its module is imported, so every module of this
    package is imported first: a new model module needs no registration anywhere.
    """
    package = importlib.import_module(__package__ or "bot.storage")
    for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    return Base.metadata


async def upgrade_async(
    url: str = DEFAULT_URL, revision: str = "head", *, schema: str | None = None
) -> None:
    """Migrate to `revision`; cheap when already there, so run it at every start-up."""
    db = Database.connect(url, schema=schema)
    try:
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                async with db.begin(write_lock=True) as connection:
                    if db.is_postgres:
                        await connection.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": _PG_MIGRATION_LOCK},
                        )
                    await connection.run_sync(_upgrade, revision)
                return
            except OperationalError as error:
                # Two processes opening a fresh SQLite file at once: one of them may find it
                # locked while the other switches it to WAL. Try again shortly.
                if db.is_postgres or "locked" not in str(error) or attempt == _ATTEMPTS:
                    raise
                await asyncio.sleep(0.2 * attempt)
    finally:
        await db.dispose()


def upgrade(url: str = DEFAULT_URL, revision: str = "head", *, schema: str | None = None) -> None:
    """`upgrade_async` for synchronous callers such as `cyberbot db upgrade`."""
    asyncio.run(upgrade_async(url, revision, schema=schema))


async def current_async(url: str = DEFAULT_URL, *, schema: str | None = None) -> str | None:
    """The revision the database is at, or None if it was never migrated."""
    db = Database.connect(url, schema=schema)
    try:
        async with db.begin() as connection:
            return await connection.run_sync(_current_revision)
    finally:
        await db.dispose()


def current(url: str = DEFAULT_URL, *, schema: str | None = None) -> str | None:
    """`current_async` for synchronous callers such as `cyberbot db current`."""
    return asyncio.run(current_async(url, schema=schema))


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
