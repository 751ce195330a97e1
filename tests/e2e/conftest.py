"""The real bot, built by `build_application`, talking over HTTP to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import bot.handoff.delivery as delivery_module
import bot.storage.outbox as outbox_module
from bot.app import BotApplication, build_application, polling, running
from bot.config import Settings
from bot.inbox.dispatcher import Dispatcher
from bot.storage import ConversationStore, Database, upgrade_async
from bot.storage.brokers import BrokerStore
from bot.storage.outbox import Outbox
from bot.webhook import create_web_app
from tests.conftest import DatabaseURL
from tests.e2e.script import SHORT_CONSULTATION, chat
from tests.fakes import ChatMessage, FakeBotApi, InjectedUpdate, Prospect

TOKEN = "123456:TEST-TOKEN"
WEBHOOK_SECRET = "s3cret_Webhook-Token"


_RUNNING: list[BotApplication] = []
"""The bots this test runs right now, in this process."""


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN) as fake:
        fake.finished = lambda update_ids: _finished(fake, update_ids)
        yield fake


def _finished(api: FakeBotApi, update_ids: list[int]) -> bool:
    """Telegram counts the updates as delivered (the bot stored them), and no running bot
    still has one in hand: a step is over, however long its replies took under load."""
    delivered = set(api.confirmed_updates())
    dispatchers: list[Dispatcher] = [bot.bot_data["dispatcher"] for bot in _RUNNING]
    return all(
        update_id in delivered and not any(d.holds(update_id) for d in dispatchers)
        for update_id in update_ids
    )


@asynccontextmanager
async def tracked(application: BotApplication) -> AsyncIterator[BotApplication]:
    """While the block runs, prospects' steps wait until this bot has finished them."""
    _RUNNING.append(application)
    try:
        yield application
    finally:
        _RUNNING.remove(application)


def make_settings(api: FakeBotApi, database_url: str, **overrides: Any) -> Settings:
    """Settings as an operator would write them, pointed at the fake server."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url,
        "database_url": database_url,
        "broker_name": "Makler Muster & Partner",
        "broker_contact": "Tel. 030 1234567, info@makler-muster.de",
        **overrides,
    }
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def polling_bot(
    settings: Settings, database: Database | None = None
) -> AsyncIterator[BotApplication]:
    """The bot as `make run` runs it: migrations, command menu, polling into the inbox — and
    a clean stop with the same hooks, in the same order."""
    application = build_application(settings, database=database)
    async with running(application), polling(application), tracked(application):
        yield application


BotFactory = Callable[..., AbstractAsyncContextManager[BotApplication]]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'cyberbot.db'}"


@pytest.fixture
async def bot(api: FakeBotApi, sqlite_url: str) -> AsyncIterator[BotApplication]:
    """A running bot on a fresh SQLite file."""
    async with polling_bot(make_settings(api, sqlite_url)) as application:
        yield application


@pytest.fixture
def prospect(api: FakeBotApi, bot: BotApplication) -> Prospect:
    return Prospect(api, chat_id=4711, quiet=0.1)


@pytest.fixture
def conversations(bot: BotApplication) -> ConversationStore:
    """What the running bot has stored, read from its own database."""
    return ConversationStore(bot.bot_data["database"])


@pytest.fixture
async def new_bot(api: FakeBotApi, database_url: DatabaseURL) -> BotFactory:
    """Starts bots one after another on one database, as a restart or another worker would.

    On SQLite each bot opens the file itself, as `make run` does; on PostgreSQL each gets its
    own connection pool (`build_application(settings, database=…)`), as a webhook worker does.
    """
    settings = make_settings(api, database_url.url)
    if database_url.schema is None:
        return lambda: polling_bot(settings)
    await upgrade_async(database_url.url, schema=database_url.schema)

    @asynccontextmanager
    async def worker() -> AsyncIterator[BotApplication]:
        database = database_url.connect()
        try:
            async with polling_bot(settings, database) as application:
                yield application
        finally:
            await database.dispose()

    return worker


@dataclass(frozen=True)
class WebhookBot:
    """The bot behind its own web server, as deployed with WEBHOOK_URL set."""

    application: BotApplication
    url: str
    health_url: str


@pytest.fixture
async def webhook_bot(api: FakeBotApi, sqlite_url: str) -> AsyncIterator[WebhookBot]:
    """`create_web_app` served by uvicorn on 127.0.0.1 in the test's loop; stopped afterwards."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        settings = make_settings(
            api,
            sqlite_url,
            webhook_url=f"{base}/telegram",
            webhook_secret=WEBHOOK_SECRET,
        )
        application = build_application(settings)
        config = uvicorn.Config(
            create_web_app(application, settings), log_level="warning", lifespan="on"
        )
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve(sockets=[listener]))
        await api.wait_for(lambda: server.started or serving.done())
        if serving.done():
            serving.result()
            raise RuntimeError("the webhook server did not start")
        try:
            async with tracked(application):
                yield WebhookBot(application, f"{base}/telegram", f"{base}/healthz")
        finally:
            server.should_exit = True
            await serving


# --- the handoff: brokers, their staff chats, and prospects on their way there ------------

DEFAULT_STAFF = -100300
"""STAFF_CHAT_ID: the default broker's staff chat, for links without a known broker code."""
DEFAULT_STATUS_INFO = "Erstinformation: Makler Muster & Partner, IHK-Register D-MUST-0001-11"
CARD_TITLE = "🆕 Anfrage #"
STAFF_MEMBER: dict[str, Any] = {
    "id": 501,
    "is_bot": False,
    "first_name": "Max",
    "last_name": "Berater",
    "username": "max_berater",
    "language_code": "de",
}
PROSPECT_USER: dict[str, Any] = {
    "id": 7001,
    "is_bot": False,
    "first_name": "Erika",
    "last_name": "Muster",
    "username": "erika_m",
    "language_code": "de",
}
QUICK_CONTACT = ("[✔]", "[📱]", "[Vormittags]", "[Ja,]")
"""The profile name confirmed, the phone number shared, mornings, consent."""


@dataclass(frozen=True)
class Office:
    """A broker and its staff chat, read as the staff see it."""

    api: FakeBotApi
    code: str | None
    name: str
    chat_id: int
    status_info: str | None

    def cards(self) -> list[ChatMessage]:
        """The lead cards in the chat, as they look now."""
        return [m for m in self.api.messages(self.chat_id) if m.text.startswith(CARD_TITLE)]

    async def card(self) -> ChatMessage:
        """Waits for the chat's first lead card."""
        return (await self.api.wait_for(self.cards))[0]

    def now(self, message: ChatMessage) -> ChatMessage:
        """A message of this chat as it looks now, after the bot's edits."""
        return self.api.message(self.chat_id, message.message_id)

    def staff(self, user: dict[str, Any] = STAFF_MEMBER) -> Prospect:
        """A member of the staff chat, pressing buttons and typing commands there."""
        return Prospect(self.api, self.chat_id, user=user, quiet=0.1)

    def reply(
        self, message: ChatMessage, text: str, user: dict[str, Any] = STAFF_MEMBER
    ) -> InjectedUpdate:
        """A staff member answers `message` with Telegram's "reply"."""
        return self.api.user_replies(self.chat_id, message.message_id, text, user=user)


@dataclass(frozen=True)
class Offices:
    """Two brokers with staff chats of their own, and the default broker's."""

    mueller: Office
    schmidt: Office
    default: Office

    def all(self) -> tuple[Office, ...]:
        return (self.mueller, self.schmidt, self.default)


def handoff_settings(
    api: FakeBotApi, database_url: str, tmp_path: Path, **overrides: Any
) -> Settings:
    """Settings with a default staff chat and the default broker's status information."""
    status_file = tmp_path / "erstinformation.txt"
    status_file.write_text(DEFAULT_STATUS_INFO, encoding="utf-8")
    return make_settings(
        api,
        database_url,
        staff_chat_id=DEFAULT_STAFF,
        broker_status_info_file=status_file,
        **overrides,
    )


async def open_offices(api: FakeBotApi, application: BotApplication) -> Offices:
    """Registers the brokers (as `cli brokers add` does) and adds the bot to their chats."""
    settings: Settings = application.bot_data["settings"]
    offices = Offices(
        Office(
            api,
            "mueller",
            "Müller & Co <Makler>",
            -100100,
            "Erstinformation: Müller & Co, Versicherungsmakler nach § 34d Abs. 1 GewO, "
            "Register-Nr. D-MUEL-1234-56",
        ),
        Office(
            api,
            "schmidt",
            "Schmidt Versicherungsmakler",
            -100200,
            "Erstinformation: Schmidt, Register-Nr. D-SCHM-9876-54",
        ),
        Office(api, None, settings.broker_name, DEFAULT_STAFF, settings.broker_status_info()),
    )
    brokers: BrokerStore = application.bot_data["brokers"]
    for office in offices.all():
        if office.code is not None:
            await brokers.add(office.code, office.name, office.chat_id, "030 1", office.status_info)
        api.set_chat(office.chat_id, chat_type="supergroup", title=f"Team {office.name}")
    return offices


@pytest.fixture
async def handoff_bot(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> AsyncIterator[BotApplication]:
    """A running bot with a default staff chat, on a fresh SQLite file."""
    async with polling_bot(handoff_settings(api, sqlite_url, tmp_path)) as application:
        yield application


@asynccontextmanager
async def handoff_bot_with(
    api: FakeBotApi, database_url: str, tmp_path: Path, **overrides: Any
) -> AsyncIterator[BotApplication]:
    """`handoff_bot` with other settings (`overrides`), its brokers' staff chats open."""
    settings = handoff_settings(api, database_url, tmp_path, **overrides)
    async with polling_bot(settings) as application:
        await open_offices(api, application)
        yield application


@pytest.fixture
async def offices(api: FakeBotApi, handoff_bot: BotApplication) -> Offices:
    """The brokers of `handoff_bot`, their staff chats known to Telegram."""
    return await open_offices(api, handoff_bot)


def visitor(api: FakeBotApi, user_id: int = PROSPECT_USER["id"], **profile: Any) -> Prospect:
    """A prospect on a phone, with a Telegram profile (name, @username) of their own."""
    user = {**PROSPECT_USER, "id": user_id, **profile}
    return Prospect(api, chat_id=user_id, user=user, quiet=0.1)


async def ask_for_contact(p: Prospect, start: str = "/start mueller-newsletter") -> None:
    """A whole consultation from a broker's link, then "talk to the broker"."""
    await chat(p, start, *SHORT_CONSULTATION[1:], "[Mit dem Makler sprechen]")


async def hand_off(
    p: Prospect,
    start: str = "/start mueller-newsletter",
    contact: tuple[str, ...] = QUICK_CONTACT,
) -> None:
    """A consultation from a broker's link up to the consent: the lead is on its way."""
    await ask_for_contact(p, start)
    await chat(p, *contact)


async def handled(api: FakeBotApi, application: BotApplication, update: InjectedUpdate) -> None:
    """Waits until the bot has finished handling `update`, and every update before it."""
    await update
    # The bot confirms a batch with the next poll's offset once the batch is stored.
    await api.wait_for(
        lambda: any(
            isinstance(r.params.get("offset"), int) and r.params["offset"] > update.update_id
            for r in api.requests("getUpdates")
        )
    )
    await inbox_idle(application)


async def inbox_idle(application: BotApplication) -> None:
    """Waits until the bot holds no update it has not finished."""
    dispatcher: Dispatcher = application.bot_data["dispatcher"]
    await dispatcher.idle()


async def outbox_drained(application: BotApplication, timeout: float = 10.0) -> None:
    """Waits until the outbox holds nothing pending: whatever was due has gone out."""
    outbox = Outbox(application.bot_data["database"])
    async with asyncio.timeout(timeout):
        while await outbox.backlog():
            await asyncio.sleep(0.02)


async def settled(api: FakeBotApi, application: BotApplication, update: InjectedUpdate) -> None:
    """The update handled and all it caused delivered: what did not arrive now never will."""
    await handled(api, application, update)
    await outbox_drained(application)


def messages_with(api: FakeBotApi, chat_id: int, snippet: str) -> list[ChatMessage]:
    """The bot's messages in a chat that contain `snippet`, as they look now."""
    return [m for m in api.messages(chat_id) if snippet in m.text]


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outbox retries after 0.1 s instead of 2, 4, 8 … s, and the deliverer looks for due
    messages every 0.1 s instead of every second, so a failed attempt costs a test little."""
    monkeypatch.setattr(outbox_module, "MAX_DELAY", timedelta(milliseconds=100))
    monkeypatch.setattr(delivery_module, "POLL_SECONDS", 0.1)
