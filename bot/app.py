"""The Telegram application: built once per process, run by polling or behind a webhook.

`build_application` wires PTB to the consultation; `start`/`stop` bring up what it needs
(migrations, command menus, the clean-up job) the same way for polling, the webhook server
and the end-to-end tests.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.config import Settings
from bot.handoff.delivery import Deliverer
from bot.metrics import MeasuredApplication
from bot.storage import ConversationStore, Database, upgrade_async
from bot.storage.brokers import BrokerInfo, BrokerStore
from bot.telegram.chats import Chats
from bot.telegram.handlers import register
from dialogs.render import text
from dialogs.replies import Msg
from dialogs.texts import DEFAULT_LANGUAGE, LANGUAGES

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 64
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
    builder = (
        Application.builder()
        .application_class(MeasuredApplication)
        .token(settings.token)
        .base_url(base_url)
        .base_file_url(base_url.removesuffix("/bot") + "/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(start)
        .post_stop(stop_delivery)
        .post_shutdown(stop)
    )
    if settings.webhook_url:
        builder = builder.updater(None)
    application: BotApplication = builder.build()
    db = database or Database.connect(settings.database_url)
    default_broker = BrokerInfo(
        code=None,
        name=settings.broker_name,
        staff_chat_id=settings.staff_chat_id,
        contact=settings.broker_contact,
        status_info=settings.broker_status_info(),
    )
    deliverer = Deliverer(db, application.bot, settings)
    brokers = BrokerStore(db, default_broker)
    application.bot_data.update(
        settings=settings,
        database=db,
        owns_database=database is None,
        deliverer=deliverer,
        brokers=brokers,
        chats=Chats(ConversationStore(db), brokers, settings, deliverer.wake),
    )
    register(application)
    return application


async def start(application: BotApplication) -> None:
    """Migrate the database, publish the command menus, schedule the clean-up."""
    settings: Settings = application.bot_data["settings"]
    if application.bot_data["owns_database"]:
        await upgrade_async(settings.database_url)
    await publish_commands(application)
    deliverer: Deliverer = application.bot_data["deliverer"]
    deliverer.start()
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            purge_stale, interval=PURGE_INTERVAL, first=timedelta(seconds=30)
        )


async def stop_delivery(application: BotApplication) -> None:
    """Stop delivering before the HTTP client closes; pending messages stay in the outbox."""
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
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
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


def run_bot(settings: Settings) -> int:
    """Serve until SIGTERM/SIGINT: polling by default, the webhook server if configured."""
    asyncio.run(check_token(settings))
    application = build_application(settings)
    if settings.webhook_url:
        from bot.webhook import serve

        asyncio.run(serve(application, settings))
        return 0
    log.info("polling for updates")
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
