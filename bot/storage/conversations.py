"""The unit of work for one Telegram update: claim it, lock the chat, read, write, commit.

Any worker can handle any update, so a chat's state is read and written in one transaction
that holds the chat's lock until it commits, and that marks the update as applied: a second
attempt at the same update (a retry, another worker) finds it applied and changes nothing.
It runs on the native drivers (`bot.storage.native`): five short statements per update.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import delete, func, select

from bot.storage.database import Database
from bot.storage.inbox import APPLIED, mark_applied, prune
from bot.storage.marks import Marks
from bot.storage.models import LANGUAGE_MAX, START_PAYLOAD_MAX, Conversation, utcnow
from bot.storage.native import Row, Tx, sql

UpdateStatus = Literal["new", "applied", "done"]


class NotYourTurn(Exception):
    """An earlier update of the same chat is still waiting: this one must wait for it."""


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

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @classmethod
    def of(cls, row: Any) -> ConversationRecord:
        """From a native row (a dict) or a SQLAlchemy mapping."""
        return cls(**{f.name: row[f.name] for f in fields(cls)})


_COLUMNS = (
    "chat_id, user_id, state, data, language, start_payload, created_at, updated_at, "
    "finished_at, version, prompt_message_id"
)
_FIRST_PENDING = "(SELECT min(update_id) FROM inbox WHERE chat_id = :chat_id AND status = 0)"
_LOAD_SQLITE = sql(
    f"""SELECT {_COLUMNS}, {_FIRST_PENDING} AS first_pending
    FROM (SELECT 1) AS one LEFT JOIN conversations ON chat_id = :chat_id"""
)
_LOAD_POSTGRES = sql(
    f"""SELECT {_COLUMNS}, {_FIRST_PENDING} AS first_pending
    FROM conversations WHERE chat_id = :chat_id FOR UPDATE"""
)
# PostgreSQL, one round trip: claim the update and lock the chat's row (if it has one). The
# statement's snapshot does not see its own claim: the update itself is left out of the
# earlier pending ones by id.
_CLAIM_AND_LOAD_POSTGRES = sql(
    f"""WITH claimed AS (
        UPDATE inbox SET status = 1 WHERE update_id = :update_id AND status = 0
        RETURNING update_id)
    SELECT (SELECT count(*) FROM claimed) AS claimed,
    (SELECT min(update_id) FROM inbox
        WHERE chat_id = :chat_id AND status = 0 AND update_id <> :update_id) AS first_pending,
    c.*
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT {_COLUMNS} FROM conversations WHERE chat_id = :chat_id FOR UPDATE) AS c ON true"""
)
# PostgreSQL locks rows, not the database: a new chat gets an empty row to lock first.
_PLACEHOLDER = sql(
    """INSERT INTO conversations (chat_id, state, data, language, created_at, updated_at,
    version) VALUES (:chat_id, '', '{}', '', :now, :now, 0) ON CONFLICT (chat_id) DO NOTHING"""
)
_SAVE = sql(
    """INSERT INTO conversations (chat_id, user_id, state, data, language, start_payload,
    created_at, updated_at, finished_at, version)
    VALUES (:chat_id, :user_id, :state, :data, :language, :start_payload, :created_at,
    :updated_at, :finished_at, :version)
    ON CONFLICT (chat_id) DO UPDATE SET user_id = excluded.user_id, state = excluded.state,
    data = excluded.data, language = excluded.language,
    start_payload = excluded.start_payload, created_at = excluded.created_at,
    updated_at = excluded.updated_at, finished_at = excluded.finished_at,
    version = excluded.version"""
)
_DELETE = sql("DELETE FROM conversations WHERE chat_id = :chat_id")
_STATUS = sql("SELECT status FROM inbox WHERE update_id = :update_id")


class ChatTx:
    """One chat's open transaction, handed out by `ConversationStore.chat`.

    `record` is the conversation as it stood when the transaction began (None if the chat
    has none). `status` says whether this update is new here, or was applied already (its
    replies may not have gone out) or is done; only a new one may change anything. `db`
    joins the same transaction, so other writes (leads, outbox) commit or roll back with
    the conversation.
    """

    def __init__(
        self,
        db: Tx,
        chat_id: int,
        record: ConversationRecord | None,
        status: UpdateStatus,
        *,
        placeholder: bool = False,
    ) -> None:
        self.db = db
        self.chat_id = chat_id
        self.record = record
        self.status: UpdateStatus = status
        self._placeholder = placeholder
        self._values: dict[str, Any] | None = None
        self._deleted = False

    @property
    def duplicate(self) -> bool:
        """This update was handled before: it must change nothing."""
        return self.status != "new"

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
        # Serialised now, not at commit: what is stored is what was passed, and NaN (which
        # PostgreSQL's JSONB refuses) fails here on every database alike.
        stored = json.dumps(data, ensure_ascii=False, allow_nan=False)
        now = utcnow()
        kept = self.record if not self._deleted else None
        self._deleted = False
        self._values = {
            "chat_id": self.chat_id,
            "user_id": user_id,
            "state": state,
            "data": stored,
            "language": language,
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
        """Write what the block decided."""
        if self._values is not None:
            await self.db.execute(_SAVE, self._values)
        elif self._deleted or self._placeholder:
            await self.db.execute(_DELETE, {"chat_id": self.chat_id})

    def _refuse_if_duplicate(self) -> None:
        if self.duplicate:
            raise RuntimeError("this update was already applied: it must change nothing")


class ConversationStore:
    """Conversations in the database, one transaction per update. Create one per process."""

    def __init__(self, db: Database, marks: Marks | None = None) -> None:
        self._db = db
        self.marks = marks or Marks(db.hot)

    @asynccontextmanager
    async def chat(self, chat_id: int, update_id: int) -> AsyncIterator[ChatTx]:
        """Serialise the block with every other one for this chat, in any worker.

        Commits on normal exit, rolls back on an exception. The update is marked applied in
        the same transaction. Raises `NotYourTurn` when an earlier update of this chat is
        still pending (another worker has it): this one is to be tried again shortly.
        """
        async with self._db.hot.transaction() as db:
            claimed, row, placeholder = await self._claim_and_lock(db, chat_id, update_id)
            status: UpdateStatus = "new" if claimed else await self._status(db, update_id)
            first_pending = row["first_pending"] if row else None
            if claimed and first_pending is not None and first_pending < update_id:
                raise NotYourTurn
            record = self._record(row)
            tx = ChatTx(db, chat_id, record, status, placeholder=placeholder)
            yield tx
            if not tx.duplicate:
                await tx._finish()

    def _record(self, row: Row | None) -> ConversationRecord | None:
        if row is None or row["chat_id"] is None or not row["version"]:
            return None
        record = ConversationRecord.of(row)
        noted = self.marks.prompt(record.chat_id)
        if noted is not None and (record.prompt_message_id or 0) < noted:
            record = replace(record, prompt_message_id=noted)
        return record

    @staticmethod
    async def _status(db: Tx, update_id: int) -> UpdateStatus:
        """An update that was not pending: applied (replies may be missing) or done.

        One that is not in the inbox at all (handled before it was pruned) counts as done.
        """
        value = await db.fetchval(_STATUS, {"update_id": update_id})
        return "applied" if value == APPLIED else "done"

    @staticmethod
    async def _claim_and_lock(
        db: Tx, chat_id: int, update_id: int
    ) -> tuple[bool, Row | None, bool]:
        """Whether this transaction claimed the update, the chat's row (locked), and whether
        an empty row was inserted to have something to lock.

        On SQLite the transaction holds the database's write lock already (BEGIN IMMEDIATE).
        PostgreSQL locks rows: a new chat's first update inserts an empty one first.
        """
        if not db.is_postgres:
            claimed = await mark_applied(db, update_id)
            return claimed, await db.fetchrow(_LOAD_SQLITE, {"chat_id": chat_id}), False
        params = {"chat_id": chat_id, "update_id": update_id}
        loaded = await db.fetchrow(_CLAIM_AND_LOAD_POSTGRES, params)
        claimed = bool(loaded and loaded["claimed"])
        if loaded is not None and loaded["chat_id"] is not None:
            return claimed, loaded, not loaded["version"]
        await db.execute(_PLACEHOLDER, {"chat_id": chat_id, "now": utcnow()})
        return claimed, await db.fetchrow(_LOAD_POSTGRES, {"chat_id": chat_id}), True

    def mark_shown(self, chat_id: int, prompt_message_id: int) -> None:
        """After sending: which message now carries the live buttons (written a bit later)."""
        self.marks.shown(chat_id, prompt_message_id)

    async def get(self, chat_id: int) -> ConversationRecord | None:
        query = select(Conversation).where(Conversation.chat_id == chat_id)
        async with self._db.session() as session:
            found = (await session.execute(query)).scalars().first()
            if found is None or not found.version:
                return None
            return ConversationRecord.of(
                {f.name: getattr(found, f.name) for f in fields(ConversationRecord)}
            )

    async def count(self) -> int:
        async with self._db.session() as session:
            query = select(func.count()).select_from(Conversation).where(Conversation.version > 0)
            return await session.scalar(query) or 0

    async def purge_stale(self, older_than_days: int) -> int:
        """Delete unfinished conversations idle that long, and inbox ids past redelivery.

        Returns how many conversations were deleted.
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
            purged = len(deleted.all())
        await prune(self._db.hot, now)
        return purged

    async def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the file and empty it (after an erasure)."""
        await self._db.hot.checkpoint(truncate=True)

    async def close(self) -> None:
        """Write what is still in memory (at shutdown)."""
        await self.marks.close()
