"""Bring the database schema up to date, from the CLI or at start-up.

Alembic's commands are synchronous; they run inside `AsyncConnection.run_sync`, so they work
from a running event loop too, and the CLI simply drives the async version with `asyncio.run`.
A database already at `HEAD` (every start but the first after an upgrade) is recognised with
one query and Alembic is not even imported: it would add a tenth to every worker's memory.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.storage.database import DEFAULT_URL, Database
from bot.storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "0005"
"""The newest migration's revision; a test checks it against the scripts."""
MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Several workers may start at once: on PostgreSQL they take turns through this advisory lock
# (an arbitrary fixed key); on SQLite the write lock taken at BEGIN does the same.
_PG_MIGRATION_LOCK = 0xC7BE_B07


_ATTEMPTS = 5


def alembic_config() -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed at run time."""
    from alembic.config import Config

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
        if revision == "head" and await _at_head(db):
            return
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


async def _at_head(db: Database) -> bool:
    try:
        async with db.begin() as connection:
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:  # never migrated: no such table
        return False
    return bool(found == HEAD)


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
