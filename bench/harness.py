"""Feed conversations through an Application and time each update, as real traffic would come.

`concurrency` chats are in progress at any moment, each one's updates strictly in order, so
updates of different chats interleave (and contend for the database) the way they do live.
Only the part after a warm-up and a common go is timed (see `play`).
"""

from __future__ import annotations

import asyncio
import cProfile
from array import array
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from time import perf_counter, process_time
from typing import Any, Protocol

from telegram import Update
from telegram.ext import Application, ContextTypes

from bench.offline_request import JSONDict, OfflineTelegram

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Conversation = Iterable[JSONDict]
Deliver = Callable[[JSONDict], Awaitable[None]]
"""Hands one update to the bot under test and returns once the bot is done with it."""


def processed(application: AnyApplication) -> Deliver:
    """Updates handed straight to PTB's `process_update`, as a webhook or the Updater does."""

    async def deliver(data: JSONDict) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    return deliver


class BenchFailure(RuntimeError):
    """The run did not do what real traffic does, so its figures would mean nothing."""


@dataclass(frozen=True)
class Timings:
    """Per-update latencies (seconds, around `process_update`), the wall time and the CPU time
    this process spent in it (all its threads: SQLite's driver works in one of its own)."""

    latencies: array[float]
    seconds: float
    cpu_seconds: float


class Cue(Protocol):
    """When the timed part starts (for all workers of a run at once) and when this one is through.

    So a run's time is the work alone, not the start-up or shutdown of its processes.
    """

    async def go(self) -> None: ...

    def done(self) -> None: ...


@asynccontextmanager
async def running(application: AnyApplication) -> AsyncIterator[list[BaseException]]:
    """The application started as in production; yields the errors its handlers raised.

    The same sequence as `bot.app.running`, written out here because the echo bot shares
    this module and must not import `bot` (its peak RSS is measured as PTB's alone).
    """
    errors: list[BaseException] = []

    async def record(_update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    application.add_error_handler(record)
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    try:
        yield errors
    finally:
        # The order of PTB's own `run_polling`.
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def play(
    deliver: Deliver,
    telegram: OfflineTelegram,
    warm_up: Iterator[Conversation],
    conversations: Iterator[Conversation],
    concurrency: int,
    cue: Cue,
    profile: str | None = None,
) -> Timings:
    """Warm up, wait for the go, then time `conversations`; Bot API calls count from the go.

    The warm-up opens the pool's connections and runs every code path once, as a worker that
    has served a while would have. With `profile`, the timed part's cProfile stats go there.
    """
    await feed(deliver, warm_up, concurrency)
    telegram.calls.clear()
    await cue.go()
    timings = await _profiled(feed(deliver, conversations, concurrency), profile)
    cue.done()
    return timings


async def feed(
    deliver: Deliver, conversations: Iterator[Conversation], concurrency: int
) -> Timings:
    """Play every conversation through `deliver`, `concurrency` chats at a time."""
    latencies: array[float] = array("d")

    async def chat_after_chat() -> None:
        # The iterator is shared: each task takes the next conversation when it is free.
        for conversation in conversations:
            for data in conversation:
                started = perf_counter()
                await deliver(data)
                latencies.append(perf_counter() - started)

    started, cpu = perf_counter(), process_time()
    await asyncio.gather(*(chat_after_chat() for _ in range(concurrency)))
    return Timings(latencies, perf_counter() - started, process_time() - cpu)


async def _profiled(run: Awaitable[Timings], path: str | None) -> Timings:
    if path is None:
        return await run
    profile = cProfile.Profile()
    profile.enable()
    try:
        return await run
    finally:
        profile.disable()
        profile.dump_stats(path)


def check(errors: list[BaseException], telegram: OfflineTelegram) -> None:
    """No update may have failed in a handler, nor called a method the fake does not know."""
    if errors:
        kinds = sorted({type(error).__name__ for error in errors})
        raise BenchFailure(f"{len(errors)} updates failed in the bot: {', '.join(kinds)}")
    if telegram.refused:
        raise BenchFailure(f"Bot API methods the fake does not simulate: {dict(telegram.refused)}")
