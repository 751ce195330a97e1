"""The unit of work for one Telegram update: lock the chat, read, write, mark the update handled.

Any worker process can serve any update, so a chat's state is read and written inside one
database transaction that holds the chat's lock until it commits.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakValueDictionary

from sqlalchemy import Insert, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.models import (
    LANGUAGE_MAX,
    START_PAYLOAD_MAX,
    Base,
    Conversation,
    ProcessedUpdate,
    utcnow,
)

# Telegram redelivers an unconfirmed update for at most 24 hours; keep markers a bit longer.
PROCESSED_UPDATE_RETENTION = timedelta(days=2)


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

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @classmethod
    def of(cls, row: Conversation) -> ConversationRecord:
        return cls(
            chat_id=row.chat_id,
            user_id=row.user_id,
            state=row.state,
            data=json.loads(json.dumps(row.data)),  # a copy the caller may change freely
            language=row.language,
            start_payload=row.start_payload,
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
            version=row.version,
        )


class ChatTx:
    """One chat's open transaction, handed out by `ConversationStore.chat`.

    `record` is the conversation as it stood when the transaction began (None if the chat
    has none). `session` is the transaction itself, so other writes (leads, outbox) commit or
    roll back together with the conversation.
    """

    def __init__(self, session: AsyncSession, row: Conversation, *, duplicate: bool) -> None:
        self.session = session
        self.duplicate = duplicate
        self.record = ConversationRecord.of(row) if row.version else None
        self._row = row
        self._deleted = False

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
        now = utcnow()
        row = self._row
        if self._deleted or row.version == 0:
            row.created_at = now
            row.finished_at = None
        self._deleted = False
        row.state = state
        # Checked and copied now, not at commit: what is stored is what was passed, and
        # NaN (which PostgreSQL's JSONB refuses) fails here on every database alike.
        row.data = json.loads(json.dumps(data, allow_nan=False))
        row.language = language
        row.user_id = user_id
        row.start_payload = start_payload
        row.updated_at = now
        row.finished_at = (row.finished_at or now) if finished else None
        row.version += 1

    def delete(self) -> None:
        """Erase the conversation (the user asked to, or starts over) when the block exits."""
        self._refuse_if_duplicate()
        self._deleted = True

    async def _flush(self) -> None:
        if self._deleted or self._row.version == 0:
            await self.session.delete(self._row)

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

    @asynccontextmanager
    async def chat(self, chat_id: int, *, update_id: int | None = None) -> AsyncIterator[ChatTx]:
        """Serialise the block with every other one for this chat, in any process.

        Commits on normal exit; on an exception rolls back, and the update stays unmarked
        so Telegram's redelivery is handled again. If `update_id` was already processed,
        `duplicate` is True and the caller must do nothing.
        """
        async with (
            self._lock_for(chat_id),
            self._db.session(write_lock=True) as session,
            session.begin(),
        ):
            row = await self._locked_row(session, chat_id)
            duplicate = update_id is not None and not await self._mark_processed(session, update_id)
            tx = ChatTx(session, row, duplicate=duplicate)
            yield tx
            await tx._flush()

    async def get(self, chat_id: int) -> ConversationRecord | None:
        async with self._db.session() as session:
            row = await session.get(Conversation, chat_id)
            return ConversationRecord.of(row) if row is not None else None

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
        async with self._db.session(write_lock=True) as session, session.begin():
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

    async def _locked_row(self, session: AsyncSession, chat_id: int) -> Conversation:
        """The chat's row, locked; a placeholder (version 0) if the chat has none yet.

        A row must exist for PostgreSQL's FOR UPDATE to lock; the placeholder is removed
        again at the end unless saved. On SQLite, BEGIN IMMEDIATE already serialises.
        """
        now = utcnow()
        placeholder = {
            "chat_id": chat_id,
            "state": "",
            "data": {},
            "language": "",
            "created_at": now,
            "updated_at": now,
            "version": 0,
        }
        while True:
            await session.execute(self._insert_unless_present(Conversation, placeholder))
            row = await session.scalar(
                select(Conversation).where(Conversation.chat_id == chat_id).with_for_update()
            )
            if row is not None:
                return row
            # Another worker deleted the row while this one waited for its lock: recreate it.

    async def _mark_processed(self, session: AsyncSession, update_id: int) -> bool:
        """Record the update as handled; False if it already was."""
        marker = {"update_id": update_id, "processed_at": utcnow()}
        inserted = await session.execute(
            self._insert_unless_present(ProcessedUpdate, marker).returning(
                ProcessedUpdate.update_id
            )
        )
        return inserted.first() is not None

    def _insert_unless_present(self, model: type[Base], values: dict[str, Any]) -> Insert:
        if self._db.is_postgres:
            return pg_insert(model).values(values).on_conflict_do_nothing()
        return sqlite_insert(model).values(values).on_conflict_do_nothing()
