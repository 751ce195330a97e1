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

# Where the comparison runs PostgreSQL unless told otherwise: the project's test server.
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_THIS_MACHINE = frozenset({None, "", "localhost", "127.0.0.1", "::1"})


class Target(NamedTuple):
    """What to pass to `Database.connect` and `upgrade_async`."""

    url: str
    schema: str | None = None

    @property
    def name(self) -> str:
        return "PostgreSQL" if is_postgres(self.url) else "SQLite"

    @property
    def local_server(self) -> bool:
        """A PostgreSQL server on this machine, whose CPU time the benchmark can read."""
        return is_postgres(self.url) and make_url(self.url).host in _THIS_MACHINE


def is_postgres(url: str) -> bool:
    """PostgreSQL, also by the `postgres://` name hosting providers show."""
    return make_url(url).get_backend_name() in {"postgresql", "postgres"}


@contextmanager
def scratch_database(url: str | None, directory: Path) -> Iterator[Target]:
    """`url`'s database (a new schema in it on PostgreSQL), or an SQLite file in `directory`."""
    if url is None:
        yield Target(f"sqlite+aiosqlite:///{directory / f'bench-{uuid.uuid4().hex}.db'}")
        return
    if not is_postgres(url):
        yield Target(url)
        return
    schema = f"bench_{uuid.uuid4().hex}"
    asyncio.run(_execute(url, f'CREATE SCHEMA "{schema}"'))
    try:
        yield Target(url, schema)
    finally:
        asyncio.run(_execute(url, f'DROP SCHEMA "{schema}" CASCADE'))


def probe(url: str) -> None:
    """Connect once, so a run that needs this database fails now, not after the others."""
    asyncio.run(_execute(url, "SELECT 1"))


async def _execute(url: str, statement: str) -> None:
    admin = Database.connect(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await admin.dispose()
