"""A bot started without BROKER_NAME, BROKER_CONTACT or status information: the prospect
reads a neutral, grammatical phrase for the broker, never the name of a setting."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import BotApplication
from tests.e2e.conftest import make_settings, polling_bot, visitor
from tests.e2e.script import SHORT_CONSULTATION, chat
from tests.fakes import FakeBotApi


@pytest.fixture
async def unconfigured_bot(api: FakeBotApi, sqlite_url: str) -> AsyncIterator[BotApplication]:
    settings = make_settings(api, sqlite_url, broker_name="", broker_contact="")
    async with polling_bot(settings) as application:
        yield application


ENGLISH_CONSULTATION = ("/start", "80k", "[No]", "[No]", "[Yes]", "[Done]", "[No]")


@pytest.mark.parametrize(
    ("language", "steps", "phrases"),
    [
        (
            "de",
            (*SHORT_CONSULTATION, "[Mit dem Makler sprechen]"),
            ["den Ihr Versicherungsmakler Ihnen anbietet", "Ihr Versicherungsmakler hat die"],
        ),
        (
            "en",
            (*ENGLISH_CONSULTATION, "[Talk to the broker]"),
            ["that your insurance broker offers you", "from your insurance broker has not"],
        ),
    ],
)
async def test_prospects_of_an_unnamed_broker_read_a_neutral_phrase_and_no_setting(
    api: FakeBotApi,
    unconfigured_bot: BotApplication,
    language: str,
    steps: tuple[str, ...],
    phrases: list[str],
) -> None:
    p = visitor(api, language_code=language)

    await chat(p, *steps)

    everything = "\n".join(m.text for m in api.messages(p.chat_id))
    for phrase in phrases:
        assert phrase in everything
    assert "BROKER" not in everything
    assert "für: Ihr" not in everything and "bei Ihr " not in everything
