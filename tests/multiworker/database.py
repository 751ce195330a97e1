"""A throw-away PostgreSQL database per test module, for workers configured only by environment.

A worker process reads DATABASE_URL and nothing else, so it cannot be put into a test schema
the way in-process tests are; a database of its own isolates it from every other test instead.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import upgrade_async
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """A new, migrated database next to CYBERBOT_TEST_DATABASE_URL's; dropped on exit."""
    name = f"cyberbot_mw_{uuid.uuid4().hex}"
    # CREATE/DROP DATABASE refuse to run inside a transaction.
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except (OSError, DBAPIError) as error:
        await admin.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade_async(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
