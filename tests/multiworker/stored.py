"""What the workers stored, read straight from their database, and waiting for it to change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import func, select, text

from bot.storage import ConversationStore, Database
from bot.storage.handoff_models import Lead, OutboxMessage
from bot.storage.inbox import DONE
from bot.storage.models import InboxUpdate

T = TypeVar("T")
WAIT_TIMEOUT = 30.0


async def eventually(
    probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], timeout: float = WAIT_TIMEOUT
) -> T:
    """Probes until `until(value)` holds and returns that value; TimeoutError after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not until(value := await probe()):
        if loop.time() > deadline:
            raise TimeoutError(f"still {value!r} after {timeout} s")
        await asyncio.sleep(0.05)
    return value


async def dialog(db: Database, chat_id: int) -> dict[str, Any]:
    """The chat's stored consultation: state, answers, history."""
    record = await ConversationStore(db).get(chat_id)
    if record is None:
        raise AssertionError(f"nothing stored for chat {chat_id}")
    stored: dict[str, Any] = record.data["dialog"]
    return stored


async def version(db: Database, chat_id: int) -> int:
    """How often the chat's conversation was written."""
    record = await ConversationStore(db).get(chat_id)
    return 0 if record is None else record.version


async def leads_by_chat(db: Database, chat_ids: Collection[int]) -> dict[int, list[int]]:
    """The lead numbers created for each chat."""
    async with db.session() as session:
        rows = await session.execute(
            select(Lead.chat_id, Lead.id).where(Lead.chat_id.in_(chat_ids)).order_by(Lead.id)
        )
        found: dict[int, list[int]] = {}
        for chat_id, lead_id in rows:
            found.setdefault(chat_id, []).append(lead_id)
        return found


async def undelivered(db: Database, lead_ids: Collection[int]) -> int:
    """Outbox messages of these leads not yet sent."""
    async with db.session() as session:
        query = (
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.lead_id.in_(lead_ids), OutboxMessage.status != "sent")
        )
        return await session.scalar(query) or 0


async def lock_waiters(db: Database) -> int:
    """Sessions of this database waiting for a lock another one holds."""
    async with db.session() as session:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(await session.scalar(query) or 0)


class HandledUpdates:
    """Which updates the workers have finished (inbox status done), read every 50 ms.

    A worker answers Telegram as soon as an update is stored; this is how a test learns that
    the update was also handled and every reply to it sent.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.done: set[int] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _watch(self) -> None:
        query = select(InboxUpdate.update_id).where(InboxUpdate.status >= DONE)
        while True:
            async with self.db.session() as session:
                self.done = set(await session.scalars(query))
            await asyncio.sleep(0.05)


@asynccontextmanager
async def holding_the_chat(db: Database, chat_id: int) -> AsyncIterator[None]:
    """Holds the chat's row: a worker taking an update of it waits, the update stored but not
    handled, until the block ends."""
    async with db.engine.connect() as holder:
        transaction = await holder.begin()
        await holder.execute(
            text("SELECT 1 FROM conversations WHERE chat_id = :chat FOR UPDATE"),
            {"chat": chat_id},
        )
        try:
            yield
        finally:
            await transaction.rollback()
