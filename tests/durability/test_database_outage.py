"""The database goes away for twenty seconds: what prospects send meanwhile is handled after,
in order, without a restart, and each of them is told the answer will come."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import ConversationStore, Database
from tests.conftest import POSTGRES_URL
from tests.durability.conftest import SECRET, DatabaseFactory, workers
from tests.e2e.script import chat
from tests.fakes import FakeBotApi, Prospect

OUTAGE_SECONDS = 20.0
NOTICE = "Einen Moment bitte"
BI_COVER_QUESTION = "Betrieb nach einem Angriff stillsteht"


@asynccontextmanager
async def outage(database_url: str) -> AsyncIterator[None]:
    """The database refuses the bot for the duration of the block."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        async with _locked(url.database or "") as held:
            yield held
    else:
        async with _closed(url.database or "") as held:
            yield held


@asynccontextmanager
async def _locked(path: str) -> AsyncIterator[None]:
    """Another program holds SQLite's write lock."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@asynccontextmanager
async def _closed(name: str) -> AsyncIterator[None]:
    """PostgreSQL takes no new connections to the database and ends the open ones."""
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        yield
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
        await admin.dispose()


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_updates_sent_while_the_database_is_away_are_handled_afterwards_in_order(
    api: FakeBotApi, database: DatabaseFactory, tmp_path: Path, mode: str
) -> None:
    p = Prospect(api, chat_id=4000, quiet=0.2, timeout=120)
    async with database() as url, workers(api, url, tmp_path, polling=mode == "polling") as pool:
        bot = await pool.start("bot")
        if mode == "webhook":
            api.deliver_to_webhook(bot.webhook_url, SECRET)
        await chat(p, "/start", "80.000")
        question = api.last_message(p.chat_id)
        yes = next(b for b in question.buttons if b.text == "Ja")

        async with outage(url):
            api.user_presses(p.chat_id, question.message_id, str(yes.callback_data))
            api.user_sends_text(p.chat_id, "25.000")
            await api.wait_for(lambda: NOTICE in p.last_text)
            await asyncio.sleep(OUTAGE_SECONDS)

        await api.wait_for(lambda: BI_COVER_QUESTION in p.last_text)
        assert bot.process.returncode is None  # the same process, no restart
        stored = await _dialog(url, p.chat_id)

    notices = [m for m in api.messages(p.chat_id) if NOTICE in m.text]
    assert len(notices) == 1
    assert stored["answers"] == {"it_value": 80_000, "funds_cover": True, "funds": 25_000}
    assert stored["history"] == ["it_value", "funds_cover", "funds"]


async def _dialog(database_url: str, chat_id: int) -> dict[str, object]:
    db = Database.connect(database_url)
    try:
        record = await ConversationStore(db).get(chat_id)
    finally:
        await db.dispose()
    assert record is not None
    dialog: dict[str, object] = record.data["dialog"]
    return dialog
