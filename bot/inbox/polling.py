"""Polling of the project's own: Telegram learns an update arrived only once it is stored.

python-telegram-bot's Updater confirms a batch (the next `getUpdates` offset) as soon as it
is queued in memory; a crash then loses it. Here the next offset is asked for only after the
batch is in the inbox. While the database is away the batch is held and stored again and
again; Telegram keeps everything after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, RetryAfter, TelegramError

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 10
FIRST_PAUSE = 0.5
LONGEST_PAUSE = 30.0
ALLOWED_UPDATES = [str(kind) for kind in Update.ALL_TYPES]

Receive = Callable[[list[Any]], Awaitable[object]]


class Poller:
    """Fetches updates with `getUpdates` and hands each batch to `receive` before the next."""

    def __init__(self, bot: Bot, receive: Receive, *, timeout: int = LONG_POLL_SECONDS) -> None:
        self._bot = bot
        self._receive = receive
        self._timeout = timeout
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="polling")

    async def stop(self) -> None:
        """Stop fetching. A batch fetched but not stored stays with Telegram, unconfirmed."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        offset: int | None = None
        failures = 0
        while True:
            try:
                batch = await self._fetch(offset)
                failures = 0
            except InvalidToken:
                log.error("Telegram refused the bot token; polling stops")
                return
            except TelegramError as error:  # unreachable, 5xx, 409 (another poller), 429
                failures += 1
                await self._pause("fetching updates", error, failures)
                continue
            if not batch:
                continue
            await self._store(batch)
            offset = max(update["update_id"] for update in batch) + 1

    async def _fetch(self, offset: int | None) -> list[Any]:
        """One long poll; the raw JSON, not PTB objects: the body is stored as it came.

        Telegram's method names are case-insensitive; the lower-case name makes PTB's
        `do_api_request` hand back the raw answer (it would warn about the typed method).
        """
        params: dict[str, Any] = {"timeout": self._timeout, "allowed_updates": ALLOWED_UPDATES}
        if offset is not None:
            params["offset"] = offset
        result = await self._bot.do_api_request(
            "getupdates", params, read_timeout=self._timeout + 10
        )
        if not isinstance(result, list):
            return []
        return [update for update in result if isinstance(update, dict) and "update_id" in update]

    async def _store(self, batch: list[Any]) -> None:
        """Store the batch, however long the database takes to come back."""
        failures = 0
        while True:
            try:
                await self._receive(batch)
                return
            except Exception as error:
                failures += 1
                await self._pause("storing updates", error, failures)

    @staticmethod
    async def _pause(doing: str, error: BaseException, failures: int) -> None:
        if isinstance(error, RetryAfter):
            retry = error.retry_after
            pause = retry if isinstance(retry, int | float) else retry.total_seconds()
        else:
            pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (failures - 1))
        log.warning("%s failed (%s), again in %.1f s", doing, type(error).__name__, pause)
        await asyncio.sleep(pause)
