"""At LOG_LEVEL=DEBUG a whole consultation, its handoff and messages both ways leave no token,
no name, no phone number, no answer and no relayed text in the log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import OWN_LOGGERS, QUIET_LIBRARIES, configure_logging
from tests.e2e.conftest import (
    TOKEN,
    handoff_settings,
    open_offices,
    outbox_drained,
    polling_bot,
    settled,
    visitor,
)
from tests.e2e.script import chat
from tests.fakes import FakeBotApi

PERSONAL = {
    "name": "Zacharias Quendel",
    "profile": "Quirinus",
    "username": "quirinus_q",
    "phone": "0171 9876543",
    "answer": "83.417",
    "to staff": "Mein Tresor heißt XYZ123",
    "from staff": "Rückruf morgen, Kennwort QRS987",
}


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Where the bot's one log handler writes; every logger's level restored afterwards."""
    names = ("", *OWN_LOGGERS, *QUIET_LIBRARIES)
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in names]
    handlers = logging.getLogger().handlers[:]
    yield io.StringIO()
    for logger, level in saved:
        logger.setLevel(level)
    logging.getLogger().handlers[:] = handlers


async def test_a_debug_log_holds_no_token_and_no_personal_data(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path, log_stream: io.StringIO
) -> None:
    settings = handoff_settings(api, sqlite_url, tmp_path, log_level="DEBUG")
    configure_logging(settings, log_stream)
    p = visitor(api, first_name=PERSONAL["profile"], username=PERSONAL["username"])

    async with polling_bot(settings) as application:
        offices = await open_offices(api, application)
        await chat(
            p,
            *("/start mueller-herbst", PERSONAL["answer"], "[Nein]", "[Nein]", "[Ja]"),
            *("[Fertig]", "[Nein]", "[Mit dem Makler sprechen]"),
            *(PERSONAL["name"], PERSONAL["phone"], "[Vormittags]", "[Ja,]"),
        )
        card = await offices.mueller.card()
        await settled(api, application, offices.mueller.reply(card, PERSONAL["from staff"]))
        await chat(p, PERSONAL["to staff"])
        await outbox_drained(application)

    log = log_stream.getvalue()
    assert logging.getLogger("bot.telegram").isEnabledFor(logging.DEBUG)
    assert "Application started" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    for what, value in PERSONAL.items():
        assert value not in log, what
        assert value.replace(".", "") not in log, what
