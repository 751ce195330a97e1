"""A lead's life from the broker's link to the closed case, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.storage import Database
from tests.conftest import DatabaseURL
from tests.e2e.conftest import (
    hand_off,
    handoff_settings,
    messages_with,
    open_offices,
    outbox_drained,
    polling_bot,
    settled,
    visitor,
)
from tests.fakes import ButtonPress, FakeBotApi


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
    mueller = (await open_offices(api, shared_bot)).mueller
    p = visitor(api)
    await hand_off(p, "/start mueller-newsletter")
    card = await mueller.card()
    staff = mueller.staff()

    # Claimed: the card says by whom, and keeps everything else.
    await staff.press("Übernehmen", until=lambda: "Übernommen" in mueller.now(card).text)
    claimed = mueller.now(card)
    assert "✋ Übernommen von Max Berater (@max_berater)" in claimed.text
    assert "👤 Erika Muster (@erika_m)" in claimed.text
    assert claimed.button_labels == ["Erledigt"]
    presses = [e for e in api.chat_log(mueller.chat_id) if isinstance(e, ButtonPress)]
    assert presses[-1].answer == {"text": "Anfrage #1 gehört jetzt Ihnen."}

    # Staff answer in the broker's name; markup they type shows as typed.
    mueller.reply(card, "Guten Tag! Wir rufen <morgen> & übermorgen an.")
    (answer,) = await api.wait_for(lambda: messages_with(api, p.chat_id, "Wir rufen"))
    assert answer.text == (
        "💬 Müller & Co <Makler> schreibt:\nGuten Tag! Wir rufen <morgen> & übermorgen an."
    )

    # The prospect's answer arrives as a reply to the card, and can be answered in turn.
    await p.send("Bitte erst ab 11 Uhr <b>anrufen</b> & nicht mailen.")
    assert p.last_text == "✔ Weitergeleitet; Müller & Co <Makler> erhält Ihre Nachricht."
    (relayed,) = await api.wait_for(lambda: messages_with(api, mueller.chat_id, "ab 11 Uhr"))
    assert relayed.reply_to_message_id == card.message_id
    assert relayed.text == (
        "💬 Nachricht zu Anfrage #1 von Erika Muster:\n"
        "Bitte erst ab 11 Uhr <b>anrufen</b> & nicht mailen."
    )
    mueller.reply(relayed, "Gern, dann um 11 Uhr.")
    await api.wait_for(lambda: messages_with(api, p.chat_id, "dann um 11 Uhr"))

    # Closed: no more buttons, and nothing is relayed in either direction.
    await staff.press("Erledigt", until=lambda: "Erledigt von" in mueller.now(card).text)
    closed = mueller.now(card)
    assert "✅ Erledigt von Max Berater (@max_berater)" in closed.text
    assert closed.buttons == []
    await settled(api, shared_bot, mueller.reply(card, "Eine Frage hätten wir noch."))
    assert messages_with(api, p.chat_id, "Eine Frage") == []
    await p.send("Hallo, ist da noch jemand?")
    assert "Ihre Anfrage ist bereits abgeschlossen" in p.last_text
    await outbox_drained(shared_bot)
    assert messages_with(api, mueller.chat_id, "ist da noch jemand") == []
