"""Feed conversations through an Application and time each update, as real traffic would come.

`concurrency` chats are in progress at any moment, each one's updates strictly in order, so
updates of different chats interleave (and contend for the database) the way they do live.
"""

from __future__ import annotations

import asyncio
import statistics
from array import array
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from bench.offline_request import JSONDict, OfflineTelegram

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Conversation = Iterable[JSONDict]


class BenchFailure(RuntimeError):
    """The run did not do what real traffic does, so its figures would mean nothing."""


@dataclass(frozen=True)
class Timings:
    """Per-update latencies (seconds, around `process_update`) and the run's wall time."""

    latencies: array[float]
    seconds: float

    @property
    def updates(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    def percentile_ms(self, percent: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1] * 1e3


@asynccontextmanager
async def running(application: AnyApplication) -> AsyncIterator[list[BaseException]]:
    """The application started as in production; yields the errors its handlers raised."""
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


async def feed(
    application: AnyApplication, conversations: Iterator[Conversation], concurrency: int
) -> Timings:
    """Play every conversation through `application`, `concurrency` chats at a time."""
    latencies: array[float] = array("d")

    async def chat_after_chat() -> None:
        # The iterator is shared: each task takes the next conversation when it is free.
        for conversation in conversations:
            for data in conversation:
                update = Update.de_json(data, application.bot)
                started = perf_counter()
                await application.process_update(update)
                latencies.append(perf_counter() - started)

    started = perf_counter()
    await asyncio.gather(*(chat_after_chat() for _ in range(concurrency)))
    return Timings(latencies, perf_counter() - started)


def check(errors: list[BaseException], telegram: OfflineTelegram) -> None:
    """No update may have failed in a handler, nor called a method the fake does not know."""
    if errors:
        kinds = sorted({type(error).__name__ for error in errors})
        raise BenchFailure(f"{len(errors)} updates failed in the bot: {', '.join(kinds)}")
    if telegram.refused:
        raise BenchFailure(f"Bot API methods the fake does not simulate: {dict(telegram.refused)}")
