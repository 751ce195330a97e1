"""The Telegram application: built once per process, fed by polling or behind a webhook.

`build_application` wires PTB to the consultation and to the durable inbox; `running` brings
up what it needs (migrations, command menus, the inbox, the outbox, the clean-up job) the
same way for polling, the webhook server, the end-to-end tests and the benchmark. Updates
reach PTB only from the inbox (`bot.inbox`), never straight from Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.handoff.delivery import Deliverer
from bot.inbox.dispatcher import Dispatcher, Notify, Process
from bot.inbox.polling import Poller
from bot.inbox.processing import CURRENT, Processing
from bot.inbox.receipt import Receiver, language_of
from bot.metrics import MeasuredApplication
from bot.storage import ConversationStore, Database, upgrade_async
from bot.storage.brokers import BrokerStore, default_broker
from bot.storage.inbox import Arrival, Inbox
from bot.storage.native import PoolSettings
from bot.telegram.chats import Chats
from bot.telegram.handlers import register
from bot.telegram.ratelimit import FairRateLimiter
from bot.telegram.sending import send_html
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.texts import DEFAULT_LANGUAGE, LANGUAGES, language_for

log = logging.getLogger(__name__)

# Chats handled at once; on PostgreSQL at most the hot path's pool, less two for receipts.
MOST_CHATS_AT_ONCE = 64
INBOX_LEASE = timedelta(seconds=15)
PURGE_INTERVAL = timedelta(hours=1)
# The commands in the menu, by their German name and English alias.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "start"),
    ("hilfe", "help"),
    ("zurueck", "back"),
    ("neu", "restart"),
    ("abbrechen", "cancel"),
    ("sprache", "language"),
    ("datenschutz", "privacy"),
    ("meinedaten", "mydata"),
    ("loeschen", "delete"),
)

BotApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, *, database: Database | None = None) -> BotApplication:
    """The bot, ready to be started; `database` lets tests and workers share one engine."""
    if settings.token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url = settings.telegram_base_url
    application: BotApplication = (
        Application.builder()
        .application_class(MeasuredApplication)
        .token(settings.token)
        .base_url(base_url)
        .base_file_url(base_url.removesuffix("/bot") + "/file/bot")
        .read_timeout(settings.telegram_timeout)
        .rate_limiter(FairRateLimiter())
        .updater(None)
        .post_init(start)
        .post_stop(stop_handling)
        .post_shutdown(stop)
        .build()
    )
    pool = PoolSettings(settings.database_pool_size, settings.database_pool_timeout)
    db = database or Database.connect(settings.database_url, pool=pool)
    deliverer = Deliverer(db, application.bot, settings)
    brokers = BrokerStore(db, default_broker(settings))
    store = ConversationStore(db)
    inbox = Inbox(db.hot, INBOX_LEASE)
    slots = MOST_CHATS_AT_ONCE if not db.is_postgres else max(1, db.pool.size - 2)
    notify = _notifier(application)
    dispatcher = Dispatcher(
        _processor(application),
        inbox,
        store.marks,
        notify,
        concurrency=min(MOST_CHATS_AT_ONCE, slots),
    )
    application.bot_data.update(
        settings=settings,
        database=db,
        owns_database=database is None,
        deliverer=deliverer,
        brokers=brokers,
        chats=Chats(store, brokers, settings, deliverer.wake),
        dispatcher=dispatcher,
        receiver=Receiver(inbox, dispatcher, notify),
    )
    register(application)
    return application


def _processor(application: BotApplication) -> Process:
    """How the dispatcher hands an update to PTB, and learns how its handling went."""

    async def process(arrival: Arrival, processing: Processing) -> bool:
        try:
            update = Update.de_json(arrival.update(), application.bot)
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("the stored update cannot be read") from error
        token = CURRENT.set(processing)
        try:
            await application.process_update(update)
        finally:
            CURRENT.reset(token)
        if processing.error is not None:
            raise processing.error
        return processing.applied

    return process


def _notifier(application: BotApplication) -> Notify:
    """How the dispatcher tells a prospect that their update is delayed or was given up."""

    async def notify(arrival: Arrival, key: str) -> None:
        if arrival.chat_id <= 0:
            return  # groups and chatless updates: nobody to reassure
        language = language_for(language_of(arrival))
        try:
            await send_html(application.bot, arrival.chat_id, text(Msg(f"tg.{key}"), language))
        except Exception as error:
            log.warning("could not tell chat about a delay: %s", type(error).__name__)

    return notify


async def start(application: BotApplication) -> None:
    """Migrate the database, publish the command menus, start the inbox and the outbox."""
    settings: Settings = application.bot_data["settings"]
    if application.bot_data["owns_database"]:
        await upgrade_async(settings.database_url)
    await publish_commands(application)
    deliverer: Deliverer = application.bot_data["deliverer"]
    deliverer.start()
    dispatcher: Dispatcher = application.bot_data["dispatcher"]
    # Polling: only one process can fetch, so whatever is unfinished is this one's now.
    dispatcher.start(take_everything=not settings.webhook_url)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            purge_stale, interval=PURGE_INTERVAL, first=timedelta(seconds=30)
        )


async def stop_handling(application: BotApplication) -> None:
    """Finish the updates in hand and stop delivering, before the HTTP client closes.

    What is not finished stays in the inbox and the outbox for the next start.
    """
    dispatcher: Dispatcher = application.bot_data["dispatcher"]
    await dispatcher.stop()
    deliverer: Deliverer = application.bot_data["deliverer"]
    await deliverer.stop()


async def stop(application: BotApplication) -> None:
    chats: Chats = application.bot_data["chats"]
    await chats.store.close()
    if application.bot_data.get("owns_database"):
        db: Database = application.bot_data["database"]
        await db.dispose()


async def publish_commands(application: BotApplication) -> None:
    """The command menu in each language; failing to publish it never stops the bot."""
    for language in LANGUAGES:
        names = [german if language == "de" else english for german, english in MENU]
        commands = [BotCommand(name, text(Msg(f"tg.command.{name}"), language)) for name in names]
        try:
            await application.bot.set_my_commands(commands, language_code=language)
            if language == DEFAULT_LANGUAGE:
                await application.bot.set_my_commands(commands)
        except TelegramError as error:
            log.warning("could not publish the %s command menu: %s", language, type(error).__name__)


async def purge_stale(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deletes unfinished conversations and delivered relayed texts older than the retention
    period."""
    settings: Settings = context.application.bot_data["settings"]
    chats: Chats = context.application.bot_data["chats"]
    deleted = await chats.store.purge_stale(settings.conversation_retention_days)
    if deleted:
        log.info("deleted %d stale conversations", deleted)
    async with chats.brokers.db.transaction() as session:
        relays = await chats.handoff.purge_relays(session)
    if relays:
        log.info("deleted %d delivered relayed messages", relays)


@asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Start and stop the application with the same hooks, in the same order, as PTB's
    `run_polling` does — for the webhook server, and for tests and the benchmark."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    try:
        yield application
    finally:
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def check_token(settings: Settings) -> None:
    """Ask Telegram who the bot is, once, before serving: a wrong token or an unreachable Bot
    API fails here with InvalidToken or NetworkError instead of inside PTB's start-up loop."""
    async with Bot(settings.token or "", base_url=settings.telegram_base_url) as bot:
        await bot.get_me()


@asynccontextmanager
async def polling(application: BotApplication) -> AsyncIterator[Poller]:
    """Fetch updates into the inbox while the block runs (the application is running)."""
    receiver: Receiver = application.bot_data["receiver"]
    poller = Poller(application.bot, receiver.receive)
    poller.start()
    try:
        yield poller
    finally:
        await poller.stop()


async def poll_until_stopped(application: BotApplication) -> None:
    """`make run` with a token: poll until SIGTERM or Ctrl-C, then stop cleanly."""
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    async with running(application), polling(application):
        log.info("polling for updates")
        await stopped.wait()
    log.info("stopped")


def run_bot(settings: Settings) -> int:
    """Serve until SIGTERM/SIGINT: polling by default, the webhook server if configured."""
    asyncio.run(check_token(settings))
    application = build_application(settings)
    if settings.webhook_url:
        from bot.webhook import serve

        asyncio.run(serve(application, settings))
        return 0
    asyncio.run(poll_until_stopped(application))
    return 0
