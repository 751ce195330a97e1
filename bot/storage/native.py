"""The per-update path on the databases' own drivers: sqlite3 on the event loop, asyncpg.

SQLAlchemy and Alembic own the schema, the migrations and everything off the hot path. An
update, though, is a handful of short statements, and going through SQLAlchemy and
aiosqlite's worker thread cost several times what the statements themselves cost. Here each
statement is written once, with `:name` placeholders, and rendered for each driver.

SQLite: one connection per process, used only on the event loop (a statement takes
microseconds; a thread hop per call took longer). Its busy timeout is zero: a `BEGIN
IMMEDIATE` that finds the database locked by another process is retried asynchronously, so
the loop never blocks waiting for it. Checkpoints of the write-ahead log run in a thread.

PostgreSQL: an asyncpg pool of its own, statements prepared and cached by the driver.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]
Params = Mapping[str, Any]

# Columns holding JSON documents, and timestamps; decoded by name when read.
JSON_COLUMNS = frozenset({"data", "payload", "summary"})
TIME_COLUMNS = frozenset(
    {
        "created_at",
        "updated_at",
        "finished_at",
        "received_at",
        "lease_until",
        "done_at",
        "next_attempt_at",
        "locked_until",
        "sent_at",
        "claimed_at",
        "closed_at",
        "at",
    }
)
# SQLAlchemy's storage format for timestamps on SQLite, so both read each other's values.
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
SQLITE_BUSY = 5
# How long a transaction waits for another process's write lock on SQLite before failing.
BUSY_DEADLINE_SECONDS = 3.0
BUSY_FIRST_PAUSE = 0.0005
BUSY_LONGEST_PAUSE = 0.02
CHECKPOINT_SECONDS = 5.0

_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


class Statement:
    """One SQL statement, rendered for sqlite3 (`?`) and asyncpg (`$1`) from `:name` slots."""

    __slots__ = ("names", "postgres", "postgres_names", "sqlite", "text")

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        self.names = tuple(_PLACEHOLDER.findall(self.text))
        self.sqlite = _PLACEHOLDER.sub("?", self.text)
        numbers: dict[str, int] = {}

        def numbered(match: re.Match[str]) -> str:
            return f"${numbers.setdefault(match.group(1), len(numbers) + 1)}"

        self.postgres = _PLACEHOLDER.sub(numbered, self.text)
        self.postgres_names = tuple(numbers)

    def __repr__(self) -> str:
        return f"Statement({self.text!r})"


def sql(text: str) -> Statement:
    return Statement(text)


def _decode(row: Mapping[str, Any], *, sqlite_times: bool) -> Row:
    """A row as Python values: JSON documents parsed, timestamps timezone-aware."""
    decoded: Row = {}
    for name, value in row.items():
        if value is not None:
            if name in JSON_COLUMNS and isinstance(value, str):
                value = json.loads(value)
            elif name in TIME_COLUMNS and sqlite_times and isinstance(value, str):
                value = datetime.fromisoformat(value).replace(tzinfo=UTC)
        decoded[name] = value
    return decoded


def _json(value: Any) -> Any:
    """A JSON document (a dict) as text; lists stay lists (PostgreSQL arrays)."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    return value


class Tx(ABC):
    """A transaction on the native driver: what the hot path reads and writes through."""

    is_postgres: bool

    @abstractmethod
    async def fetchrow(self, statement: Statement, params: Params | None = None) -> Row | None:
        """The first row, or None."""

    @abstractmethod
    async def fetch(self, statement: Statement, params: Params | None = None) -> list[Row]:
        """All rows."""

    @abstractmethod
    async def execute(self, statement: Statement, params: Params | None = None) -> int:
        """Run a statement; how many rows it changed."""

    async def fetchval(self, statement: Statement, params: Params | None = None) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetchrow(statement, params)
        return None if row is None else next(iter(row.values()))


class SqliteTx(Tx):
    is_postgres = False

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _run(self, statement: Statement, params: Params | None) -> sqlite3.Cursor:
        values = [_sqlite_value(params[name]) for name in statement.names] if params else []
        return self._connection.execute(statement.sqlite, values)

    async def fetchrow(self, statement: Statement, params: Params | None = None) -> Row | None:
        cursor = self._run(statement, params)
        found = cursor.fetchone()
        cursor.close()
        return None if found is None else _decode(_named(cursor, found), sqlite_times=True)

    async def fetch(self, statement: Statement, params: Params | None = None) -> list[Row]:
        return self.fetch_now(statement, params)

    def fetch_now(self, statement: Statement, params: Params | None = None) -> list[Row]:
        cursor = self._run(statement, params)
        rows = cursor.fetchall()
        return [_decode(_named(cursor, row), sqlite_times=True) for row in rows]

    async def execute(self, statement: Statement, params: Params | None = None) -> int:
        cursor = self._run(statement, params)
        if cursor.description is not None:
            cursor.fetchall()  # RETURNING rows are produced as they are read
        return cursor.rowcount


def _named(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value")
        return value.astimezone(UTC).strftime(SQLITE_TIME)
    return _json(value)


class PostgresTx(Tx):
    is_postgres = True

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    @staticmethod
    def _values(statement: Statement, params: Params | None) -> list[Any]:
        return [_json(params[name]) for name in statement.postgres_names] if params else []

    async def fetchrow(self, statement: Statement, params: Params | None = None) -> Row | None:
        found = await self._connection.fetchrow(
            statement.postgres, *self._values(statement, params)
        )
        return None if found is None else _decode(found, sqlite_times=False)

    async def fetch(self, statement: Statement, params: Params | None = None) -> list[Row]:
        rows = await self._connection.fetch(statement.postgres, *self._values(statement, params))
        return [_decode(row, sqlite_times=False) for row in rows]

    async def execute(self, statement: Statement, params: Params | None = None) -> int:
        status = await self._connection.execute(
            statement.postgres, *self._values(statement, params)
        )
        # "UPDATE 3", "INSERT 0 1", "DELETE 0": the last word is the row count.
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0


@dataclass(frozen=True)
class PoolSettings:
    """How many connections the hot path may hold on PostgreSQL, and how long to wait."""

    size: int = 10
    timeout: float = 10.0


class NativeDatabase(ABC):
    """Transactions for the hot path; one per process, opened at start and closed at stop."""

    is_postgres: bool

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """A write transaction, committed when the block ends, rolled back on an exception."""

    @abstractmethod
    async def fetch_once(self, statement: Statement, params: Params | None = None) -> list[Row]:
        """One statement on its own, committed at once (one round trip on PostgreSQL)."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connections."""

    @abstractmethod
    async def checkpoint(self, *, truncate: bool = False) -> None:
        """Fold SQLite's write-ahead log into the database file (nothing on PostgreSQL).

        `truncate` also empties the log file, so erased rows are not left in it.
        """


class SqliteNative(NativeDatabase):
    """One sqlite3 connection, used on the event loop; transactions take turns on a lock."""

    is_postgres = False

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection = _sqlite_connection(path, busy_timeout_ms=0)
        # The write-ahead log is checkpointed by `checkpoint`, in a thread, not by a commit.
        self._connection.execute("PRAGMA wal_autocheckpoint=0")
        self._lock = asyncio.Lock()
        self._checkpointer: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            await self._begin()
            try:
                yield SqliteTx(self._connection)
            except BaseException:
                self._rollback()
                raise
            try:
                self._connection.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        self._schedule_checkpoint()

    async def fetch_once(self, statement: Statement, params: Params | None = None) -> list[Row]:
        """In SQLite's own autocommit: one call instead of BEGIN, the statement and COMMIT."""
        tx = SqliteTx(self._connection)
        async with self._lock:
            rows: list[Row] = await self._when_free(lambda: tx.fetch_now(statement, params))
        self._schedule_checkpoint()
        return rows

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE: take the write lock now."""
        await self._when_free(lambda: self._connection.execute("BEGIN IMMEDIATE"))

    @staticmethod
    async def _when_free(write: Callable[[], T]) -> T:
        """Run `write`, waiting asynchronously while another process holds the write lock."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY_DEADLINE_SECONDS
        pause = BUSY_FIRST_PAUSE
        while True:
            try:
                return write()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != SQLITE_BUSY or loop.time() > deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, BUSY_LONGEST_PAUSE)

    def _rollback(self) -> None:
        if self._connection.in_transaction:
            try:
                self._connection.execute("ROLLBACK")
            except sqlite3.Error as error:
                log.warning("rollback failed: %s", type(error).__name__)

    def _schedule_checkpoint(self) -> None:
        if self._checkpointer is None or self._checkpointer.done():
            self._checkpointer = asyncio.create_task(self._checkpoint_soon(), name="wal")

    async def _checkpoint_soon(self) -> None:
        await asyncio.sleep(CHECKPOINT_SECONDS)
        await self.checkpoint()

    async def checkpoint(self, *, truncate: bool = False) -> None:
        mode = "TRUNCATE" if truncate else "PASSIVE"
        try:
            await asyncio.to_thread(_checkpoint, self.path, mode)
        except sqlite3.Error as error:
            log.warning("WAL checkpoint failed: %s", type(error).__name__)

    async def close(self) -> None:
        if self._checkpointer is not None and not self._checkpointer.done():
            self._checkpointer.cancel()
        async with self._lock:
            self._connection.close()
        await self.checkpoint()


def configure_sqlite(connection: Any, *, busy_timeout_ms: int) -> None:
    """The settings of every SQLite connection of the bot's, whichever driver opened it.

    WAL lets readers run beside the writer. With WAL, NORMAL syncs at checkpoints rather than
    at every commit: a crash of the bot loses nothing, only a power cut can take the last
    transactions. Foreign keys are off in SQLite by default. Deleted and overwritten content
    is zeroed, so what a prospect erased, and the updates' bodies once handled, do not stay
    readable in free pages of the file.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_connection(path: str, *, busy_timeout_ms: int) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    configure_sqlite(connection, busy_timeout_ms=busy_timeout_ms)
    return connection


def _checkpoint(path: str, mode: str) -> None:
    """In a thread, on a connection of its own: it may wait for readers to finish."""
    if path == ":memory:":
        return
    connection = _sqlite_connection(path, busy_timeout_ms=5000)
    try:
        connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
    finally:
        connection.close()


class PostgresNative(NativeDatabase):
    """An asyncpg pool for the hot path; a transaction holds exactly one of its connections.

    The pool opens with the first transaction, so it can be made before the event loop runs.
    """

    is_postgres = True

    def __init__(self, dsn: str, schema: str | None, settings: PoolSettings) -> None:
        self._dsn = dsn
        self._server_settings = {"search_path": schema} if schema else None
        self._settings = settings
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _opened(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        self._dsn,
                        min_size=1,
                        max_size=self._settings.size,
                        timeout=self._settings.timeout,
                        server_settings=self._server_settings,
                    )
        return self._pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        pool = await self._opened()
        async with (
            pool.acquire(timeout=self._settings.timeout) as connection,
            connection.transaction(),
        ):
            yield PostgresTx(connection)

    async def fetch_once(self, statement: Statement, params: Params | None = None) -> list[Row]:
        pool = await self._opened()
        async with pool.acquire(timeout=self._settings.timeout) as connection:
            return await PostgresTx(connection).fetch(statement, params)

    async def checkpoint(self, *, truncate: bool = False) -> None:
        """Nothing to do: PostgreSQL manages its own write-ahead log."""

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), timeout=5)
        except TimeoutError:
            pool.terminate()
