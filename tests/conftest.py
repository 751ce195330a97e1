"""Shared fixtures: databases to test against, each a fresh, isolated, throw-away one.

`database_url` runs a test on SQLite (a temporary file) and on PostgreSQL (a schema of its
own in CYBERBOT_TEST_DATABASE_URL, dropped afterwards). PostgreSQL tests skip when the
server is unreachable, unless CYBERBOT_REQUIRE_POSTGRES=1 (as in CI) makes that a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.storage import Database, upgrade_async

POSTGRES_URL = os.environ.get(
    "CYBERBOT_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("CYBERBOT_REQUIRE_POSTGRES") == "1"


class DatabaseURL(NamedTuple):
    """What to pass to `Database.connect` and the migration helpers."""

    url: str
    schema: str | None = None

    def connect(self) -> Database:
        return Database.connect(self.url, schema=self.schema)


@asynccontextmanager
async def _postgres_schema() -> AsyncIterator[DatabaseURL]:
    """A new schema for one test, so tests running at the same time never see each other."""
    schema = f"t_{uuid.uuid4().hex}"
    admin = Database.connect(POSTGRES_URL)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (OSError, DBAPIError) as error:
        await admin.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield DatabaseURL(POSTGRES_URL, schema)
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[DatabaseURL]:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield DatabaseURL(f"sqlite+aiosqlite:///{tmp_path / 'cyberbot.db'}")
    else:
        async with _postgres_schema() as target:
            yield target


@pytest.fixture
async def postgres_database_url() -> AsyncIterator[DatabaseURL]:
    """An empty PostgreSQL schema, for behaviour only PostgreSQL has (row locks)."""
    async with _postgres_schema() as target:
        yield target


@pytest.fixture
async def db(database_url: DatabaseURL) -> AsyncIterator[Database]:
    """A migrated database, on SQLite and on PostgreSQL."""
    await upgrade_async(database_url.url, schema=database_url.schema)
    database = database_url.connect()
    yield database
    await database.dispose()
