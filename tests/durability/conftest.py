"""Real `cyberbot run` processes against the fake Bot API, killed and starved of their database.

Each test gets a database of its own: a SQLite file, or a fresh PostgreSQL database (a worker
process reads only DATABASE_URL, and an outage is a whole database refusing connections).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.storage import Database, upgrade_async
from bot.storage.inbox import DONE
from bot.storage.models import Conversation, InboxUpdate
from tests.fakes import FakeBotApi, Prospect
from tests.multiworker.database import fresh_database
from tests.multiworker.stored import HandledUpdates
from tests.multiworker.workers import Deployment, WorkerPool

TOKEN = "123456:TEST-TOKEN"
SECRET = "durable_s3cret-Token"
STAFF_CHAT = -100_888
# Several prospects on a loaded 2-core machine, a bot restarted in between: generous waits,
# they only bound a hang.
API_TIMEOUT = 60.0


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    # Telegram keeps trying a webhook that fails; here once a second, for two minutes.
    async with FakeBotApi(
        token=TOKEN, timeout=API_TIMEOUT, webhook_retry_delay=1.0, webhook_max_attempts=120
    ) as fake:
        fake.set_chat(STAFF_CHAT, chat_type="supergroup", title="Team")
        yield fake


@asynccontextmanager
async def sqlite_database(directory: Path) -> AsyncIterator[str]:
    url = f"sqlite+aiosqlite:///{directory / 'cyberbot.db'}"
    await upgrade_async(url)
    yield url


DatabaseFactory = Callable[[], AbstractAsyncContextManager[str]]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseFactory:
    """A new migrated database for the test's workers, once SQLite and once PostgreSQL."""
    if request.param == "sqlite":
        return lambda: sqlite_database(tmp_path)
    return fresh_database


def deployment(
    api: FakeBotApi, database_url: str, directory: Path, *, polling: bool, **extra: str
) -> Deployment:
    return Deployment(
        telegram_base_url=api.base_url,
        token=TOKEN,
        database_url=database_url,
        webhook_secret=SECRET,
        staff_chat_id=STAFF_CHAT,
        broker_name="Makler Muster & Partner",
        directory=directory,
        polling=polling,
        extra=tuple(extra.items()),
    )


@asynccontextmanager
async def workers(
    api: FakeBotApi, database_url: str, directory: Path, *, polling: bool, **extra: str
) -> AsyncIterator[WorkerPool]:
    """Starts workers on demand; every one is stopped (killed if need be) at the end."""
    pool = WorkerPool(deployment(api, database_url, directory, polling=polling, **extra))
    try:
        yield pool
    finally:
        await pool.stop_all()


@asynccontextmanager
async def watching(database_url: str) -> AsyncIterator[HandledUpdates]:
    """Which updates the workers have finished, read from their database as they go."""
    db = Database.connect(database_url)
    handled = HandledUpdates(db)
    handled.start()
    try:
        yield handled
    finally:
        await handled.stop()
        await db.dispose()


def prospect(api: FakeBotApi, chat_id: int, handled: HandledUpdates) -> Prospect:
    """A prospect whose every step ends once the bot has finished it, replies and all."""
    return Prospect(
        api,
        chat_id=chat_id,
        quiet=0.1,
        timeout=API_TIMEOUT,
        served=lambda sent: set(sent) <= handled.done,
    )


async def inbox_done(database_url: str, update_ids: list[int]) -> list[int]:
    """Which of these updates the inbox holds as done."""
    db = Database.connect(database_url)
    try:
        async with db.session() as session:
            query = select(InboxUpdate.update_id).where(
                InboxUpdate.update_id.in_(update_ids), InboxUpdate.status == DONE
            )
            return list(await session.scalars(query))
    finally:
        await db.dispose()


async def stored_versions(database_url: str, chat_ids: list[int]) -> dict[int, int]:
    """How often each chat's conversation was written: once per update that changed it."""
    db = Database.connect(database_url)
    try:
        async with db.session() as session:
            query = select(Conversation.chat_id, Conversation.version).where(
                Conversation.chat_id.in_(chat_ids)
            )
            rows: Any = await session.execute(query)
            return {chat_id: version for chat_id, version in rows}
    finally:
        await db.dispose()


@dataclass(frozen=True)
class PollingBots:
    """A database, workers to start on it (polling, as `make run`), and what they finished."""

    url: str
    pool: WorkerPool
    handled: HandledUpdates


@pytest.fixture
async def polling_bots(
    api: FakeBotApi, database: DatabaseFactory, tmp_path: Path
) -> AsyncIterator[PollingBots]:
    async with (
        database() as url,
        workers(api, url, tmp_path, polling=True) as pool,
        watching(url) as handled,
    ):
        yield PollingBots(url, pool, handled)
