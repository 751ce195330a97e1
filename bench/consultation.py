"""The bot under test: the real Application, its prospects, and the proof that they finished.

`build_application` has no way to pass a transport yet, so the bot is built as in production
and its two request objects are swapped before `initialize` opens them.
"""

from __future__ import annotations

import argparse
import cProfile
import json
from collections.abc import Awaitable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from telegram.ext import AIORateLimiter

from bench.harness import BenchFailure, Timings, check, feed, running
from bench.measurement import Measurement
from bench.offline_request import TOKEN, JSONDict, OfflineRequest, OfflineTelegram
from bench.prospects import Simulator, prospect
from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.storage import ConversationStore, Database, upgrade_async
from dialogs.conversation import SUMMARY


def consultation_bot(telegram: OfflineTelegram, database: Database, url: str) -> BotApplication:
    """The real bot on `database`, answered offline.

    Telegram's 30 messages/s quota is a server-side limit, not the bot's cost: the rate
    limiter stays in the call path with its limits lifted, or it would be all we measure.
    """
    settings = Settings(
        telegram_bot_token=TOKEN,
        database_url=url,
        webhook_url=None,
        staff_chat_id=None,
        lead_webhook_url=None,
    )
    application = build_application(settings, database=database)
    request = OfflineRequest(telegram)
    application.bot._request = (request, request)
    application.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    return application


async def run(args: argparse.Namespace) -> Measurement:
    """`args.prospects` consultations, checked to have reached the summary, all of them."""
    telegram = OfflineTelegram()
    await upgrade_async(args.database_url, schema=args.schema)
    database = Database.connect(args.database_url, schema=args.schema)
    try:
        store = ConversationStore(database)
        if await store.count():
            raise BenchFailure("the database already holds conversations: give it a new one")
        application = consultation_bot(telegram, database, args.database_url)
        simulator = Simulator(telegram)
        with _sink(args.record) as sink:
            conversations = (
                _recorded(simulator.consultation(prospect(i)), sink) for i in range(args.prospects)
            )
            async with running(application) as errors:
                timings = await _profiled(feed(application, conversations, args.concurrency), args)
        check(errors, telegram)
        summaries = await _summaries(store, [prospect(i).chat_id for i in range(args.prospects)])
        if summaries != args.prospects:
            raise BenchFailure(f"{summaries} of {args.prospects} conversations are at the summary")
        return Measurement.of(timings, dict(telegram.calls), summaries)
    finally:
        await database.dispose()


@contextmanager
def _sink(path: str | None) -> Iterator[TextIO | None]:
    """Where played conversations are written for the echo bot; nowhere if not asked for."""
    if not path:
        yield None
        return
    with Path(path).open("w", encoding="utf-8") as file:
        yield file


def _recorded(conversation: Iterable[JSONDict], sink: TextIO | None) -> Iterator[JSONDict]:
    """The conversation as it is played; one JSON line in `sink` once it is over."""
    if sink is None:
        yield from conversation
        return
    played: list[JSONDict] = []
    for update in conversation:
        played.append(update)
        yield update
    sink.write(json.dumps(played) + "\n")


async def _profiled(run: Awaitable[Timings], args: argparse.Namespace) -> Timings:
    if not args.profile:
        return await run
    profile = cProfile.Profile()
    profile.enable()
    try:
        return await run
    finally:
        profile.disable()
        profile.dump_stats(args.profile)


async def _summaries(store: ConversationStore, chat_ids: list[int]) -> int:
    """How many of the chats' stored conversations are at the result."""
    records = [await store.get(chat_id) for chat_id in chat_ids]
    return sum(1 for record in records if record is not None and record.state == SUMMARY)
