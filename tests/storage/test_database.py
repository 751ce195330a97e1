"""Connecting: the defaults an operator relies on without configuring anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage import Database


async def test_sqlite_file_in_missing_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nested" / "cyberbot.db"
    db = Database.connect(f"sqlite+aiosqlite:///{path}")
    try:
        async with db.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (x INTEGER)"))
    finally:
        await db.dispose()
    assert path.is_file()


async def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        async with db.begin() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
    finally:
        await db.dispose()
    assert journal == "wal"
    assert busy_timeout is not None and busy_timeout > 0
    assert foreign_keys == 1


async def test_plain_sqlite_url_gets_the_async_driver(tmp_path: Path) -> None:
    db = Database.connect(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        async with db.begin() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1
    finally:
        await db.dispose()
    assert db.engine.url.drivername == "sqlite+aiosqlite"
    assert not db.is_postgres


@pytest.mark.parametrize("url", ["postgresql://u@db/bot", "postgres://u@db/bot"])
async def test_plain_postgres_url_gets_the_async_driver(url: str) -> None:
    db = Database.connect(url)  # no connection is made until first use
    await db.dispose()
    assert db.engine.url.drivername == "postgresql+asyncpg"
    assert db.is_postgres


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database"):
        Database.connect("mysql+aiomysql://u@db/bot")


def test_schema_on_sqlite_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", schema="other")
