"""Bookkeeping after the replies went out, written for all chats together a moment later.

Which message carries a chat's live buttons, and which applied updates have had all their
replies sent, only tidy up: a lost mark costs at worst an old keyboard left pressable or a
question shown once more after a crash. So they are gathered in memory and written in one
transaction about a second later (and at shutdown), not in a transaction per update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.storage.inbox import mark_done
from bot.storage.native import NativeDatabase, Tx, sql

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.25

# Message ids only grow, so a late write never pulls the marker back.
_SHOWN = sql(
    """UPDATE conversations SET prompt_message_id = :message_id
    WHERE chat_id = :chat_id
    AND (prompt_message_id IS NULL OR prompt_message_id < :message_id)"""
)
# PostgreSQL: every chat's marker in two statements, rows locked in chat order first.
_LOCK_SHOWN = sql(
    """SELECT chat_id FROM conversations WHERE chat_id = ANY(CAST(:chat_ids AS bigint[]))
    ORDER BY chat_id FOR UPDATE"""
)
_SHOWN_MANY = sql(
    """UPDATE conversations AS c SET prompt_message_id = v.message_id
    FROM unnest(CAST(:chat_ids AS bigint[]), CAST(:message_ids AS bigint[]))
    AS v(chat_id, message_id)
    WHERE c.chat_id = v.chat_id
    AND (c.prompt_message_id IS NULL OR c.prompt_message_id < v.message_id)"""
)


class Marks:
    """Marks waiting to be written; one per process."""

    def __init__(self, hot: NativeDatabase) -> None:
        self.hot = hot
        self._shown: dict[int, int] = {}
        self._done: list[int] = []
        self._flusher: asyncio.Task[None] | None = None

    def shown(self, chat_id: int, message_id: int) -> None:
        """After sending: this message now carries the chat's live buttons."""
        self._shown[chat_id] = max(self._shown.get(chat_id, 0), message_id)
        self._soon()

    def prompt(self, chat_id: int) -> int | None:
        """The live buttons' message as noted here, not yet written."""
        return self._shown.get(chat_id)

    def done(self, update_id: int) -> None:
        """All replies of this applied update went out."""
        self._done.append(update_id)
        self._soon()

    def _soon(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_later(), name="marks")

    async def _flush_later(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        try:
            await self.flush()
        except Exception as error:  # the database is away: the marks wait for the next round
            log.warning("could not write marks: %s", type(error).__name__)
            self._flusher = None
            self._soon()

    async def flush(self) -> None:
        """Write what was gathered so far; on failure it is kept for the next attempt."""
        shown, done = self._shown, self._done
        self._shown, self._done = {}, []
        if not shown and not done:
            return
        try:
            # Rows in one order, in every worker: two flushes that share chats (a chat's
            # updates can reach any worker) wait for each other instead of deadlocking.
            async with self.hot.transaction() as tx:
                await _write_shown(tx, sorted(shown.items()))
                await mark_done(tx, done)
        except BaseException:
            for chat_id, message_id in shown.items():
                self._shown[chat_id] = max(self._shown.get(chat_id, 0), message_id)
            self._done[:0] = done
            raise

    async def close(self) -> None:
        """At shutdown: stop waiting and write what is left (if the database lets us)."""
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        try:
            await self.flush()
        except Exception as error:
            log.warning("could not write marks at shutdown: %s", type(error).__name__)


async def _write_shown(tx: Tx, markers: list[tuple[int, int]]) -> None:
    if not markers:
        return
    if tx.is_postgres:
        chat_ids = [chat_id for chat_id, _ in markers]
        message_ids = [message_id for _, message_id in markers]
        await tx.fetch(_LOCK_SHOWN, {"chat_ids": chat_ids})
        await tx.execute(_SHOWN_MANY, {"chat_ids": chat_ids, "message_ids": message_ids})
        return
    for chat_id, message_id in markers:
        await tx.execute(_SHOWN, {"chat_id": chat_id, "message_id": message_id})
