"""Stored updates handed to the bot chat by chat: in order, retried, never blocking others.

Each chat with updates waiting has a task of its own that takes them one after another, so a
chat's updates never overtake each other, and a chat that fails waits without holding up any
other. A slot (a bounded number, at most the database connections the hot path may use) is
held only while an update is being handled, not while a failed one waits for its retry.

A failure is retried with a growing pause. After a few failures the prospect is told, once,
that the bot will answer shortly; an update that fails for a reason no retry will fix (or
keeps failing for an hour) is given up, and the prospect is told to send it again.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import sqlite3
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import asyncpg
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken

from bot.inbox.processing import Processing
from bot.metrics import ERRORS, INBOX_GIVEN_UP, INBOX_RETRIES, INBOX_UNFINISHED
from bot.storage.conversations import NotYourTurn
from bot.storage.inbox import APPLIED, Arrival, Inbox
from bot.storage.marks import Marks

log = logging.getLogger(__name__)

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 30.0
TURN_PAUSE = 0.05
NOTICE_AFTER = 3
GIVE_UP_AFTER = 5
GIVE_UP_AGE = 3600.0
RECOVER_SECONDS = 5.0
STOP_GRACE_SECONDS = 5.0

# Failures no retry can fix: a refusal by Telegram, a bug, data the database rejects.
PERMANENT: tuple[type[BaseException], ...] = (
    BadRequest,
    Forbidden,
    ChatMigrated,
    InvalidToken,
    asyncpg.DataError,
    asyncpg.IntegrityConstraintViolationError,
    sqlite3.IntegrityError,
    sqlite3.ProgrammingError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    AssertionError,
    NotImplementedError,
)

Process = Callable[[Arrival, Processing], Awaitable[bool]]
"""Handles one update; True when its transaction applied it; raises when it failed."""
Notify = Callable[[Arrival, str], Awaitable[None]]
"""Tells the update's chat something (`trouble.wait`, `trouble.gave_up`), best effort."""


@dataclass
class _Chat:
    """One chat's waiting updates, oldest first, and its task."""

    waiting: list[Arrival] = field(default_factory=list)
    task: asyncio.Task[None] | None = None
    told: bool = False


class Dispatcher:
    """Hands stored updates to `process`, per chat in order, with retries; one per process."""

    def __init__(
        self,
        process: Process,
        inbox: Inbox,
        marks: Marks,
        notify: Notify,
        *,
        concurrency: int,
    ) -> None:
        self._process = process
        self._inbox = inbox
        self._marks = marks
        self._notify = notify
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int, _Chat] = {}
        self._held: dict[int, float] = {}  # update id → when the lease was last renewed
        self._waiters: dict[int, asyncio.Future[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._keeper: asyncio.Task[None] | None = None
        self._accepting = True

    # --- taking updates -----------------------------------------------------------------

    def submit(self, arrivals: Iterable[Arrival]) -> None:
        """Queue stored updates (this worker holds their lease) for their chats."""
        for arrival in arrivals:
            if arrival.update_id in self._held or not self._accepting:
                continue
            self._held[arrival.update_id] = time.monotonic()
            INBOX_UNFINISHED.set(len(self._held))
            chat = self._chats.setdefault(arrival.chat_id, _Chat())
            # Oldest first; a late, older update goes ahead of one still waiting its turn.
            bisect.insort(chat.waiting, arrival, key=lambda waiting: waiting.update_id)
            self._idle.clear()
            if chat.task is None:
                chat.task = asyncio.create_task(self._serve(arrival.chat_id), name="chat")

    async def wait_for(self, update_id: int) -> None:
        """Until this update is done (at once if this worker does not hold it)."""
        if update_id not in self._held:
            return
        future = self._waiters.get(update_id)
        if future is None:
            future = self._waiters[update_id] = asyncio.get_running_loop().create_future()
        await asyncio.shield(future)

    def holds(self, update_id: int) -> bool:
        """Whether this worker has the update in hand or waiting (not yet done)."""
        return update_id in self._held

    async def idle(self) -> None:
        """Until no update is waiting or in hand."""
        await self._idle.wait()

    # --- a chat's updates, one after another ---------------------------------------------

    async def _serve(self, chat_id: int) -> None:
        chat = self._chats[chat_id]
        try:
            while chat.waiting:
                arrival = chat.waiting[0]
                if await self._handle(chat, arrival):
                    chat.waiting.remove(arrival)
                    self._release(arrival.update_id)
        finally:
            chat.task = None
            if not chat.waiting:
                del self._chats[chat_id]
            if not self._held:
                self._idle.set()

    async def _handle(self, chat: _Chat, arrival: Arrival) -> bool:
        """Until the update is done or given up (True); False when an older update of the
        chat arrived while this one waited, and must go first."""
        failures = 0
        received = time.monotonic()
        first = True
        while True:
            later = any(waiting.update_id > arrival.update_id for waiting in chat.waiting)
            processing = Processing(arrival.update_id, first_try=first, later_waiting=later)
            tried = await self._attempt(arrival, processing)
            first = False
            if tried is None:  # an earlier update of this chat, not yet handled, goes first
                await asyncio.sleep(TURN_PAUSE)
                if chat.waiting[0] is not arrival:
                    return False
                continue
            applied, error = tried
            if error is None:
                chat.told = False
                await self._settle(arrival, applied=applied)
                return True
            failures += 1
            if self._hopeless(error, failures, time.monotonic() - received):
                await self._give_up(arrival, error)
                return True
            pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (failures - 1))
            INBOX_RETRIES.labels(type(error).__name__).inc()
            log.warning(
                "update %d failed (%s), retry %d in %.1f s",
                arrival.update_id,
                type(error).__name__,
                failures,
                pause,
            )
            if failures >= NOTICE_AFTER and not chat.told:
                chat.told = True
                await self._notify(arrival, "trouble.wait")
            await asyncio.sleep(pause)
            if chat.waiting[0] is not arrival:
                return False

    async def _attempt(
        self, arrival: Arrival, processing: Processing
    ) -> tuple[bool, BaseException | None] | None:
        """One try: whether it applied the update, and its failure; None when it must wait
        for its turn. A slot is held only for the try itself."""
        async with self._slots:
            try:
                return await self._process(arrival, processing), None
            except NotYourTurn:
                return None
            except Exception as error:
                return False, error

    @staticmethod
    def _hopeless(error: BaseException, failures: int, age: float) -> bool:
        permanent = isinstance(error, PERMANENT)
        return (permanent and failures >= GIVE_UP_AFTER) or age > GIVE_UP_AGE

    async def _settle(self, arrival: Arrival, *, applied: bool) -> None:
        """Mark the update done: with the next batch of marks when its step is stored (the
        chat's next update may go ahead already), at once otherwise."""
        if applied or arrival.status == APPLIED:
            self._marks.done(arrival.update_id)
            return
        await self._persist(lambda: self._inbox.done([arrival.update_id]))

    async def _give_up(self, arrival: Arrival, error: BaseException) -> None:
        kind = type(error).__name__
        # The traceback's frames only: an exception's message may quote what a user typed.
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("update %d given up: %s\n%s", arrival.update_id, kind, frames)
        ERRORS.labels(kind).inc()
        INBOX_GIVEN_UP.inc()
        await self._persist(lambda: self._inbox.failed(arrival.update_id, kind))
        await self._notify(arrival, "trouble.gave_up")

    async def _persist(self, write: Callable[[], Awaitable[None]]) -> None:
        """A bookkeeping write, repeated until the database takes it (this chat waits)."""
        failures = 0
        while True:
            try:
                await write()
                return
            except Exception as error:
                failures += 1
                pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (failures - 1))
                kind = type(error).__name__
                log.warning("inbox bookkeeping failed (%s), retry in %.1f s", kind, pause)
                await asyncio.sleep(pause)

    def _release(self, update_id: int) -> None:
        self._held.pop(update_id, None)
        INBOX_UNFINISHED.set(len(self._held))
        future = self._waiters.pop(update_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    # --- leases: keep what is held, take over what others left ---------------------------

    def start(self, *, take_everything: bool) -> None:
        """Start keeping leases and recovering updates other workers left behind.

        `take_everything`: this is the only worker there can be (polling), so every
        unfinished update is its own at once, whoever held it before a crash.
        """
        self._keeper = asyncio.create_task(self._keep(take_everything), name="inbox-keeper")

    async def _keep(self, take_everything: bool) -> None:
        everything = take_everything
        while True:
            try:
                await self._recover(everything=everything)
                everything = False
                await self._renew()
            except Exception as error:  # the database is away: try again next round
                log.warning("inbox upkeep failed: %s", type(error).__name__)
            await asyncio.sleep(RECOVER_SECONDS)

    async def _recover(self, *, everything: bool) -> None:
        while self._accepting:
            found = await self._inbox.claim(everything=everything)
            self.submit(found)
            if len(found) < 100:
                return

    async def _renew(self) -> None:
        """Renew the lease of updates held for more than a third of it."""
        now = time.monotonic()
        third = self._inbox.lease.total_seconds() / 3
        due = [update_id for update_id, since in self._held.items() if now - since > third]
        if due:
            await self._inbox.renew(due)
            for update_id in due:
                if update_id in self._held:
                    self._held[update_id] = now

    async def stop(self) -> None:
        """Finish what is in hand (a few seconds at most); the rest stays stored for later."""
        self._accepting = False
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        tasks = [chat.task for chat in self._chats.values() if chat.task is not None]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        left = list(self._held)
        if left:
            with contextlib.suppress(Exception):
                await self._inbox.release(left)
