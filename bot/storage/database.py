"""One database per process: SQLAlchemy's engine, and the hot path's native connections.

SQLite is the default, PostgreSQL the choice for several workers. SQLAlchemy serves the
schema, the migrations and everything off the per-update path; `Database.hot` opens the
native drivers (`bot.storage.native`) for the updates themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.native import (
    NativeDatabase,
    PoolSettings,
    PostgresNative,
    SqliteNative,
    configure_sqlite,
)

DEFAULT_URL = "sqlite+aiosqlite:///data/cyberbot.db"

# How long an SQLite connection waits for another writer before giving up. Writers queue
# (BEGIN IMMEDIATE), and each transaction is one short update, so a long wait is harmless.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Execution option read by the SQLite "begin" hook: which kind of BEGIN to emit.
_SQLITE_BEGIN = "cyberbot_sqlite_begin"

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


class Database:
    """The engine and session factory every part of the bot shares.

    Create it once per process with `Database.connect` and close it with `dispose`.
    """

    def __init__(
        self, engine: AsyncEngine, *, schema: str | None = None, pool: PoolSettings | None = None
    ) -> None:
        self.engine = engine
        self.schema = schema
        self.pool = pool or PoolSettings()
        self._hot: NativeDatabase | None = None
        # SQLite has one writer at a time. Writers of this process queue on a lock, in order,
        # instead of polling for the database lock (busy_timeout), which made the slowest
        # waits hundreds of times longer than a transaction. PostgreSQL needs no gate.
        self._write_gate: AbstractAsyncContextManager[Any] = (
            nullcontext() if engine.dialect.name == "postgresql" else asyncio.Lock()
        )
        # Same pool; its transactions start with SQLite's write lock (see `session`).
        self._locking_engine = engine.execution_options(**{_SQLITE_BEGIN: "BEGIN IMMEDIATE"})
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def connect(
        cls, url: str = DEFAULT_URL, *, schema: str | None = None, pool: PoolSettings | None = None
    ) -> Database:
        """Open an engine for `url`; `schema` (PostgreSQL only) is where tables live.

        Plain `sqlite:///…` and `postgresql://…` URLs get their async driver added, so an
        operator can paste the URL their hosting shows. `pool` bounds the hot path's
        PostgreSQL connections.
        """
        parsed = _with_async_driver(make_url(url))
        if parsed.get_backend_name() == "sqlite":
            if schema is not None:
                raise ValueError("a schema can only be chosen on PostgreSQL")
            return cls(_sqlite_engine(parsed), pool=pool)
        return cls(_postgres_engine(parsed, schema), schema=schema, pool=pool)

    @property
    def hot(self) -> NativeDatabase:
        """The native connections for the per-update path, made on first use."""
        if self._hot is None:
            url = self.engine.url
            if self.is_postgres:
                dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
                self._hot = PostgresNative(dsn, self.schema, self.pool)
            else:
                self._hot = SqliteNative(url.database or ":memory:")
        return self._hot

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def session(self, *, write_lock: bool = False) -> AsyncSession:
        """A new session; with `write_lock`, SQLite's write lock is taken at BEGIN.

        Without it, two SQLite transactions that both read and then write fail with
        "database is locked" instead of waiting for each other. PostgreSQL ignores it.
        """
        return self._sessions(bind=self._engine(write_lock))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction, committed on exit and rolled back on an exception."""
        async with self._write_gate, self.session(write_lock=True) as session, session.begin():
            yield session

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction on a Core connection (the per-update hot path)."""
        async with self._write_gate, self._engine(True).begin() as connection:
            yield connection

    def begin(self, *, write_lock: bool = False) -> AbstractAsyncContextManager[AsyncConnection]:
        """A connection inside a transaction, committed on exit (migrations, maintenance)."""
        return self._engine(write_lock).begin()

    async def dispose(self) -> None:
        """Close all pooled connections (at shutdown, or before dropping a test schema)."""
        if self._hot is not None:
            hot, self._hot = self._hot, None
            await hot.close()
        await self.engine.dispose()

    def _engine(self, write_lock: bool) -> AsyncEngine:
        return self._locking_engine if write_lock else self.engine


def _with_async_driver(url: URL) -> URL:
    backend = "postgresql" if url.drivername == "postgres" else url.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    if "+" in url.drivername:
        return url
    return url.set(drivername=_ASYNC_DRIVERS[backend])


def _sqlite_engine(url: URL) -> AsyncEngine:
    if url.database and url.database != ":memory:" and not url.query.get("uri"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # Every transaction here ends in COMMIT or ROLLBACK, so the pool's extra ROLLBACK on each
    # return would only cost a round trip to the driver's thread.
    engine = create_async_engine(url, pool_reset_on_return=None)
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    """The bot's SQLite settings (`configure_sqlite`).

    The driver's own implicit BEGIN is switched off so `_begin_sqlite_transaction` decides.
    """
    dbapi_connection.isolation_level = None
    configure_sqlite(dbapi_connection, busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS)


def _begin_sqlite_transaction(connection: Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get(_SQLITE_BEGIN, "BEGIN"))


def _postgres_engine(url: URL, schema: str | None) -> AsyncEngine:
    connect_args: dict[str, Any] = {"timeout": 10}
    if schema is not None:
        # search_path, not a schema on each table: migrations and alembic_version follow it too.
        connect_args["server_settings"] = {"search_path": schema}
    return create_async_engine(
        url,
        connect_args=connect_args,
        pool_size=5,
        max_overflow=10,
        pool_pre_ping=True,
        pool_recycle=1800,
    )
