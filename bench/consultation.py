"""The bot under test: the real Application, its prospects, and the proof that they finished.

`build_application` has no way to pass a transport yet, so the bot is built as in production
and its two request objects are swapped before `initialize` opens them. Each update takes
the production path: stored in the inbox, then handled from there (`inboxed`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select

from bench.databases import Target
from bench.harness import BenchFailure, Cue, Deliver, check, play, running
from bench.measurement import Measurement
from bench.offline_request import TOKEN, JSONDict, OfflineRequest, OfflineTelegram
from bench.prospects import Simulator, chat_ids, prospect
from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.inbox.dispatcher import Dispatcher
from bot.inbox.receipt import Receiver
from bot.storage import ConversationStore, Database, upgrade_async
from bot.storage.models import Conversation
from bot.telegram.ratelimit import FairRateLimiter
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
    application.bot._rate_limiter = FairRateLimiter(overall_per_second=0, group_per_minute=0)
    return application


def inboxed(application: BotApplication) -> Deliver:
    """An update as it comes in production: stored in the inbox (one transaction, as the
    webhook or the polling loop does), then handled by the dispatcher; done when handled."""
    receiver: Receiver = application.bot_data["receiver"]
    dispatcher: Dispatcher = application.bot_data["dispatcher"]

    async def deliver(data: JSONDict) -> None:
        await receiver.receive([data])
        await dispatcher.wait_for(data["update_id"])

    return deliver


async def run(args: argparse.Namespace, cue: Cue) -> Measurement:
    """The consultations of prospects `args.prospects`, after those of `args.warm_up`.

    Whether they reached the summary is checked by the parent, over all workers of the run.
    """
    telegram = OfflineTelegram()
    # As every worker does at start-up; the parent has migrated already, so this is cheap.
    await upgrade_async(args.database_url, schema=args.schema)
    database = Database.connect(args.database_url, schema=args.schema)
    try:
        application = consultation_bot(telegram, database, args.database_url)
        simulator = Simulator(telegram)
        warm_up = (simulator.consultation(prospect(i)) for i in args.warm_up)
        with _sink(args.record) as sink:
            conversations = (
                _recorded(simulator.consultation(prospect(i)), sink) for i in args.prospects
            )
            async with running(application) as errors:
                timings = await play(
                    inboxed(application),
                    telegram,
                    warm_up,
                    conversations,
                    args.concurrency,
                    cue,
                    args.profile,
                )
        check(errors, telegram)
        return Measurement.of(timings, dict(telegram.calls))
    finally:
        await database.dispose()


async def prepare(target: Target) -> None:
    """Migrate the run's database once, before its workers start; it must hold no chats yet."""
    await upgrade_async(target.url, schema=target.schema)
    database = Database.connect(target.url, schema=target.schema)
    try:
        if await ConversationStore(database).count():
            raise BenchFailure("the database already holds conversations: give it a new one")
    finally:
        await database.dispose()


async def at_summary(target: Target, indices: range) -> int:
    """How many of these prospects' chats are at the result, whichever worker served them."""
    chats = chat_ids(indices)
    query = select(func.count()).where(
        Conversation.chat_id >= chats.start,
        Conversation.chat_id < chats.stop,
        Conversation.state == SUMMARY,
    )
    database = Database.connect(target.url, schema=target.schema)
    try:
        async with database.begin() as connection:
            return await connection.scalar(query) or 0
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
