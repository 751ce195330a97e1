"""The whole handoff as a broker's office and a prospect live it, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.storage import Database
from tests.conftest import DatabaseURL
from tests.e2e.conftest import (
    handoff_settings,
    hand_off,
    messages_with,
    open_offices,
    polling_bot,
    visitor,
)
from tests.fakes import FakeBotApi


@pytest.fixture
async def shared_bot(
    api: FakeBotApi, db: Database, database_url: DatabaseURL, tmp_path: Path
) -> AsyncIterator[BotApplication]:
    """The bot on a database it shares, as a webhook worker on PostgreSQL runs it."""
    settings = handoff_settings(api, database_url.url, tmp_path)
    async with polling_bot(settings, db) as application:
        yield application


async def test_a_lead_goes_from_the_brokers_link_to_a_closed_case(
    api: FakeBotApi, shared_bot: BotApplication
) -> None:
    offices = await open_offices(api, shared_bot)
    mueller = offices.mueller
    p = visitor(api)

    await hand_off(p, "/start mueller-newsletter")
    card = await mueller.card()
    assert "Erika Muster" in card.text
    assert "Kampagne: newsletter" in card.text

    staff = mueller.staff()
    await staff.press(
        "Übernehmen", until=lambda: "Übernommen von Max Berater" in mueller.now(card).text
    )

    mueller.reply(card, "Guten Tag, wir rufen Sie morgen um 10 Uhr an.")
    (answer,) = await api.wait_for(lambda: messages_with(api, p.chat_id, "morgen um 10 Uhr"))
    assert answer.text.startswith("💬 Nachricht von Müller & Co <Makler>:")

    await p.send("Passt, danke!")
    (relayed,) = await api.wait_for(lambda: messages_with(api, mueller.chat_id, "Passt, danke!"))
    assert relayed.reply_to_message_id == card.message_id

    await staff.press(
        "Erledigt", until=lambda: "Erledigt von Max Berater" in mueller.now(card).text
    )
    await p.send("Noch eine Frage: gilt das auch für Laptops?")
    assert "bereits abgeschlossen" in p.last_text
