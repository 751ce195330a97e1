"""Can the bot use its database? Asked once before a command starts, answered in one line.

An unreachable server, a wrong password, a missing database or a data directory the bot may
not write would otherwise surface as a traceback from deep inside the start, or (in webhook
mode) as uvicorn's startup failure.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import SettingsError
from bot.storage.database import Database

EXPECTED = (
    "a reachable PostgreSQL database, or an SQLite file in a directory the bot's user can write"
)


async def probe(url: str) -> None:
    """Open the database and take its write lock once; SettingsError says what failed, in the
    same one line as any other wrong setting.

    The write lock is what a read-only SQLite directory refuses (its WAL file cannot be made).
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise SettingsError(_line("the configured URL", error)) from None
    if parsed.get_backend_name() == "sqlite":
        _probe_sqlite(parsed)
    else:
        await _probe_server(url, parsed.render_as_string(hide_password=True))


def _probe_sqlite(url: URL) -> None:
    """With the standard library, in this thread: nothing left running if it fails."""
    path = url.database
    if not path or path == ":memory:" or url.query.get("uri"):
        return
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as error:
        raise SettingsError(_line(path, error)) from None


async def _probe_server(url: str, where: str) -> None:
    try:
        db = Database.connect(url)
    except (ValueError, OSError, SQLAlchemyError) as error:
        raise SettingsError(_line(where, error)) from None
    try:
        async with db.transaction() as session:
            await session.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError, TimeoutError) as error:
        raise SettingsError(_line(where, error)) from None
    finally:
        await db.dispose()


def _line(where: str, error: BaseException) -> str:
    reason = getattr(error, "orig", None) or error
    first = next(iter(str(reason).splitlines()), "") or type(reason).__name__
    return f"DATABASE_URL: cannot use {where} ({first}); expected {EXPECTED}"
