"""The unit of work for one Telegram update: lock the chat, read, write, mark the update handled.

Any worker process can serve any update, so a chat's state is read and written inside one
database transaction that holds the chat's lock until it commits. It runs on SQLAlchemy Core:
an update is a handful of statements, and the ORM's bookkeeping would cost more than they do.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakValueDictionary

from sqlalchemy import Insert, Table, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.database import Database
from bot.storage.models import (
    LANGUAGE_MAX,
    START_PAYLOAD_MAX,
    Conversation,
    ProcessedUpdate,
    utcnow,
)

# Telegram redelivers an unconfirmed update for at most 24 hours; keep markers a bit longer.
PROCESSED_UPDATE_RETENTION = timedelta(days=2)
# How long answered-update markers may wait in memory before they are written.
SHOWN_FLUSH_SECONDS = 1.0

CONVERSATIONS: Table = Conversation.__table__  # type: ignore[assignment]
PROCESSED: Table = ProcessedUpdate.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class ConversationRecord:
    """A conversation as it was when read: plain data, safe to keep after the transaction."""

    chat_id: int
    user_id: int | None
    state: str
    data: dict[str, Any]
    language: str
    start_payload: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    version: int
    prompt_message_id: int | None = None
    replied_update_id: int | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @classmethod
    def of(cls, row: RowMapping) -> ConversationRecord:
        values = {f.name: row[f.name] for f in fields(cls)}
        values["data"] = json.loads(json.dumps(row["data"]))  # a copy the caller may change
        return cls(**values)


def _larger(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _grown(column: Any, value: int | None) -> Any:
    """SQL for "the larger of the column and `value`" (NULL counting as smallest)."""
    if value is None:
        return column
    return case((or_(column.is_(None), column < value), value), else_=column)


class ChatTx:
    """One chat's open transaction, handed out by `ConversationStore.chat`.

    `record` is the conversation as it stood when the transaction began (None if the chat
    has none). `session` joins the same transaction, so other writes (leads, outbox) commit
    or roll back together with the conversation.
    """

    def __init__(
        self,
        connection: AsyncConnection,
        chat_id: int,
        record: ConversationRecord | None,
        *,
        duplicate: bool,
        placeholder: bool,
        update_id: int | None = None,
    ) -> None:
        self.connection = connection
        self.chat_id = chat_id
        self.update_id = update_id
        self.duplicate = duplicate
        self.record = record
        # PostgreSQL only: an empty row inserted to have something to lock.
        self._placeholder = placeholder
        self._values: dict[str, Any] | None = None
        self._deleted = False
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        """An ORM session inside this transaction (created when first needed)."""
        if self._session is None:
            self._session = AsyncSession(bind=self.connection, expire_on_commit=False)
        return self._session

    def save(
        self,
        *,
        state: str,
        data: dict[str, Any],
        language: str,
        user_id: int | None,
        start_payload: str | None,
        finished: bool = False,
    ) -> None:
        """Write the conversation; it is stored when the `async with` block exits normally."""
        self._refuse_if_duplicate()
        if len(language) > LANGUAGE_MAX:
            raise ValueError(f"language code longer than {LANGUAGE_MAX}: {language!r}")
        if start_payload is not None and len(start_payload) > START_PAYLOAD_MAX:
            raise ValueError(f"start payload longer than {START_PAYLOAD_MAX} characters")
        # Checked and copied now, not at commit: what is stored is what was passed, and
        # NaN (which PostgreSQL's JSONB refuses) fails here on every database alike.
        stored = json.loads(json.dumps(data, allow_nan=False))
        now = utcnow()
        kept = self.record if not self._deleted else None
        self._deleted = False
        self._values = {
            "state": state,
            "data": stored,
            "language": language,
            "user_id": user_id,
            "start_payload": start_payload,
            "created_at": kept.created_at if kept else now,
            "updated_at": now,
            "finished_at": ((kept.finished_at if kept else None) or now) if finished else None,
            "version": (self.record.version if self.record else 0) + 1,
        }

    def delete(self) -> None:
        """Erase the conversation (the user asked to, or starts over) when the block exits."""
        self._refuse_if_duplicate()
        self._deleted = True
        self._values = None

    async def _finish(self) -> None:
        """Write what the block decided, after the ORM session's own changes."""
        if self._session is not None:
            await self._session.flush()
        row = CONVERSATIONS.c.chat_id == self.chat_id
        exists = self.record is not None or self._placeholder
        # The update counts as answered at once; `ConversationStore.unanswered` takes that
        # back if the replies then fail, so Telegram's redelivery shows them again.
        replied = self.update_id
        if self._values is not None and exists:
            marker = _grown(CONVERSATIONS.c.replied_update_id, replied)
            values = {**self._values, "replied_update_id": marker}
            await self.connection.execute(update(CONVERSATIONS).where(row).values(values))
        elif self._values is not None:
            await self.connection.execute(
                CONVERSATIONS.insert().values(
                    chat_id=self.chat_id, replied_update_id=replied, **self._values
                )
            )
        elif exists and (self._deleted or self.record is None):
            await self.connection.execute(delete(CONVERSATIONS).where(row))

    async def _close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _refuse_if_duplicate(self) -> None:
        if self.duplicate:
            raise RuntimeError("this update was already processed: it must change nothing")


class ConversationStore:
    """Conversations in the database, one transaction per update. Create one per process."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Per-chat locks so this process's own tasks queue here instead of each holding a
        # pooled connection while waiting for the database lock. Unused locks vanish.
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()
        self._shown: dict[int, int] = {}
        self._flusher: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def chat(self, chat_id: int, *, update_id: int | None = None) -> AsyncIterator[ChatTx]:
        """Serialise the block with every other one for this chat, in any process.

        Commits on normal exit; on an exception rolls back, and the update stays unmarked
        so Telegram's redelivery is handled again. If `update_id` was already processed,
        `duplicate` is True and the caller must do nothing.
        """
        async with self._lock_for(chat_id), self._db.connection() as connection:
            record, placeholder = await self._locked_row(connection, chat_id)
            if record is not None and chat_id in self._shown:
                shown = _larger(record.prompt_message_id, self._shown[chat_id])
                record = replace(record, prompt_message_id=shown)
            duplicate = update_id is not None and not await self._mark_processed(
                connection, update_id
            )
            tx = ChatTx(
                connection,
                chat_id,
                record,
                duplicate=duplicate,
                placeholder=placeholder,
                update_id=update_id,
            )
            try:
                yield tx
                await tx._finish()
            finally:
                await tx._close()

    def mark_shown(self, chat_id: int, prompt_message_id: int) -> None:
        """After sending: which message now carries the live buttons.

        Kept in memory and written for all chats in one transaction a moment later (and at
        shutdown), not in a transaction per update: it only tidies keyboards. Message ids
        only grow, so a late write can never pull it back.
        """
        self._shown[chat_id] = _larger(self._shown.get(chat_id), prompt_message_id) or 0
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon(), name="shown-markers")

    async def answered(self, chat_id: int, update_id: int) -> None:
        """A redelivered update's replies went out after all."""
        await self._set_replied(chat_id, _grown(CONVERSATIONS.c.replied_update_id, update_id))

    async def unanswered(self, chat_id: int, update_id: int, previous: int | None) -> None:
        """The replies to `update_id` failed: let its redelivery show them again."""
        marker = CONVERSATIONS.c.replied_update_id
        await self._set_replied(chat_id, previous, marker == update_id)

    async def _set_replied(self, chat_id: int, value: Any, *only_if: Any) -> None:
        row = CONVERSATIONS.c.chat_id == chat_id
        async with self._db.connection() as connection:
            await connection.execute(
                update(CONVERSATIONS).where(row, *only_if).values(replied_update_id=value)
            )

    async def close(self) -> None:
        """Write what is still in memory (at shutdown)."""
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
        await self.flush_shown()

    async def _flush_soon(self) -> None:
        await asyncio.sleep(SHOWN_FLUSH_SECONDS)
        await self.flush_shown()

    async def flush_shown(self) -> None:
        """Write the markers gathered so far."""
        pending, self._shown = self._shown, {}
        if not pending:
            return
        prompt = CONVERSATIONS.c.prompt_message_id
        async with self._db.connection() as connection:
            for chat_id, message_id in pending.items():
                row = CONVERSATIONS.c.chat_id == chat_id
                values = {"prompt_message_id": _grown(prompt, message_id)}
                await connection.execute(update(CONVERSATIONS).where(row).values(values))

    async def get(self, chat_id: int) -> ConversationRecord | None:
        query = select(CONVERSATIONS).where(CONVERSATIONS.c.chat_id == chat_id)
        async with self._db.session() as session:
            found = (await session.execute(query)).mappings().first()
            return ConversationRecord.of(found) if found is not None else None

    async def count(self) -> int:
        async with self._db.session() as session:
            return await session.scalar(select(func.count()).select_from(Conversation)) or 0

    async def purge_stale(self, older_than_days: int) -> int:
        """Delete unfinished conversations idle that long, and old update markers.

        Returns how many conversations were deleted. A chat that is in a transaction right
        now is waited for, and kept if that transaction touched it.
        """
        if older_than_days < 0:
            raise ValueError("older_than_days must not be negative")
        now = utcnow()
        async with self._db.transaction() as session:
            deleted = await session.execute(
                delete(Conversation)
                .where(
                    Conversation.finished_at.is_(None),
                    Conversation.updated_at < now - timedelta(days=older_than_days),
                )
                .returning(Conversation.chat_id)
            )
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.processed_at < now - PROCESSED_UPDATE_RETENTION
                )
            )
            return len(deleted.all())

    def _lock_for(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def _locked_row(
        self, connection: AsyncConnection, chat_id: int
    ) -> tuple[ConversationRecord | None, bool]:
        """The chat's conversation, locked, and whether a placeholder row was inserted for it.

        On SQLite the transaction already holds the database's write lock (BEGIN IMMEDIATE).
        PostgreSQL needs a row for FOR UPDATE to lock: a missing one is inserted first (and
        removed again at the end unless saved).
        """
        query = select(CONVERSATIONS).where(CONVERSATIONS.c.chat_id == chat_id)
        if not self._db.is_postgres:
            found = (await connection.execute(query)).mappings().first()
            return (ConversationRecord.of(found) if found else None), False
        while True:
            found = (await connection.execute(query.with_for_update())).mappings().first()
            if found is not None:
                saved = found["version"] > 0
                return (ConversationRecord.of(found) if saved else None), not saved
            empty = self._insert_unless_present(CONVERSATIONS, self._empty_row(chat_id))
            await connection.execute(empty)
            # Loops only if another worker deleted the row between the insert and the lock.

    @staticmethod
    def _empty_row(chat_id: int) -> dict[str, Any]:
        now = utcnow()
        return {
            "chat_id": chat_id,
            "state": "",
            "data": {},
            "language": "",
            "created_at": now,
            "updated_at": now,
            "version": 0,
        }

    async def _mark_processed(self, connection: AsyncConnection, update_id: int) -> bool:
        """Record the update as handled; False if it already was."""
        marker = {"update_id": update_id, "processed_at": utcnow()}
        inserted = await connection.execute(self._insert_unless_present(PROCESSED, marker))
        return inserted.rowcount == 1

    def _insert_unless_present(self, table: Table, values: dict[str, Any]) -> Insert:
        if self._db.is_postgres:
            return pg_insert(table).values(values).on_conflict_do_nothing()
        return sqlite_insert(table).values(values).on_conflict_do_nothing()
