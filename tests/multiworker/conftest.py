"""Several `cyberbot run` workers on one fresh PostgreSQL database, behind a test proxy.

Started once per module, since starting processes is the slow part. Every test uses chats of
its own, so what one test leaves in the shared database never meets another.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.storage import Database
from tests.fakes import FakeBotApi
from tests.multiworker.database import fresh_database
from tests.multiworker.proxy import Spreader
from tests.multiworker.stored import HandledUpdates
from tests.multiworker.workers import Deployment, Worker, WorkerPool

TOKEN = "123456:TEST-TOKEN"
WEBHOOK_SECRET = "mw_s3cret-Webhook-Token"
STAFF_CHAT = -100_777
BROKER = "Makler Muster & Partner"
WORKERS = 2
# Twenty prospects at once on a 2-core machine: waits are generous, they only bound a hang.
API_TIMEOUT = 30.0


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def database_url() -> AsyncIterator[str]:
    """A database of this module's own, migrated; dropped at the end."""
    async with fresh_database() as url:
        yield url


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def db(database_url: str) -> AsyncIterator[Database]:
    """The test's own connection to the workers' database, for reading what they stored."""
    database = Database.connect(database_url)
    yield database
    await database.dispose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN, timeout=API_TIMEOUT) as fake:
        fake.set_chat(STAFF_CHAT, chat_type="supergroup", title="Team Muster")
        yield fake


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pool(
    api: FakeBotApi, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[WorkerPool]:
    """Starts workers on demand; every one is stopped (killed if need be) at the end."""
    deployment = Deployment(
        telegram_base_url=api.base_url,
        token=TOKEN,
        database_url=database_url,
        webhook_secret=WEBHOOK_SECRET,
        staff_chat_id=STAFF_CHAT,
        broker_name=BROKER,
        directory=tmp_path_factory.mktemp("workers"),
    )
    workers = WorkerPool(deployment)
    try:
        yield workers
    finally:
        await workers.stop_all()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def workers(pool: WorkerPool) -> list[Worker]:
    """The deployment's workers, started side by side, all healthy."""
    names = [f"worker-{n}" for n in range(1, WORKERS + 1)]
    return list(await asyncio.gather(*(pool.start(name) for name in names)))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def proxy(api: FakeBotApi, workers: list[Worker], db: Database) -> AsyncIterator[Spreader]:
    """Telegram's updates, spread over the workers (after each registered its own webhook)."""
    spreader = Spreader(api, workers)
    spreader.handled = HandledUpdates(db)
    spreader.handled.start()
    await spreader.start()
    api.deliver_to_webhook(spreader.url, WEBHOOK_SECRET)
    try:
        yield spreader
    finally:
        await spreader.stop()
        await spreader.handled.stop()
