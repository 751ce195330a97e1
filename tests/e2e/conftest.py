"""The real bot, built by `build_application`, talking over HTTP to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.storage import Database
from tests.fakes import FakeBotApi, Prospect

TOKEN = "123456:TEST-TOKEN"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN) as fake:
        yield fake


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
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def polling_bot(
    settings: Settings, database: Database | None = None
) -> AsyncIterator[BotApplication]:
    """The bot as `make run` runs it: migrations, command menu, polling — and a clean stop."""
    application = build_application(settings, database=database)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


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
