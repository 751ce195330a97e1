"""A throw-away database for one benchmark run: a new SQLite file, or a PostgreSQL schema.

On PostgreSQL the run gets a schema of its own, dropped afterwards, so it never touches
what others keep (or test) in the same database.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.storage import Database


class Target(NamedTuple):
    """What to pass to `Database.connect` and `upgrade_async`."""

    url: str
    schema: str | None = None


@contextmanager
def scratch_database(url: str | None, directory: Path) -> Iterator[Target]:
    """`url`'s database (a new schema in it on PostgreSQL), or an SQLite file in `directory`."""
    if url is None:
        yield Target(f"sqlite+aiosqlite:///{directory / 'bench.db'}")
        return
    if make_url(url).get_backend_name() == "sqlite":
        yield Target(url)
        return
    schema = f"bench_{uuid.uuid4().hex}"
    asyncio.run(_execute(url, f'CREATE SCHEMA "{schema}"'))
    try:
        yield Target(url, schema)
    finally:
        asyncio.run(_execute(url, f'DROP SCHEMA "{schema}" CASCADE'))


async def _execute(url: str, statement: str) -> None:
    admin = Database.connect(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await admin.dispose()
