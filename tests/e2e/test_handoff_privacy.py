"""The prospect's privacy rights: what is stored (/datenschutz), a copy (/meinedaten) and
erasure (/loeschen), which reaches the staff card too."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import select, update
from telegram.ext import ContextTypes

from bot.app import BotApplication, purge_stale
from bot.storage import Database
from bot.storage.handoff_models import OutboxMessage
from bot.storage.models import utcnow
from tests.e2e.conftest import (
    DEFAULT_STATUS_INFO,
    Offices,
    hand_off,
    messages_with,
    outbox_drained,
    settled,
    visitor,
)
from tests.e2e.script import chat
from tests.fakes import FakeBotApi, Prospect

ERASED = "Die Person hat ihre Daten gelöscht"


async def my_data(p: Prospect) -> dict[str, Any]:
    """/meinedaten, read the way the prospect would: the JSON file the bot sent."""
    await p.send("/meinedaten")
    message = p.api.last_message(p.chat_id)
    assert message.kind == "document"
    assert message.file is not None and message.file.content is not None
    assert (message.file.file_name or "").endswith(".json")
    document: dict[str, Any] = json.loads(message.file.content)
    return document


async def erase(p: Prospect) -> None:
    """/loeschen, confirmed."""
    await p.send("/loeschen")
    assert p.buttons == ["Ja, alles löschen", "Nein, behalten"]
    await p.press("Ja, alles löschen")


async def test_privacy_notice_names_the_broker_what_is_stored_and_the_status_information(
    api: FakeBotApi, offices: Offices
) -> None:
    linked, unlinked = visitor(api, 7001), visitor(api, 7002)
    await linked.send("/start mueller-newsletter")

    await linked.send("/datenschutz")
    await unlinked.send("/datenschutz")

    notice = linked.last_text
    assert "bietet Ihnen Müller & Co <Makler> an" in notice
    assert "Gespeichert werden Ihre Antworten" in notice
    assert "nach 30 Tagen gelöscht" in notice
    assert offices.mueller.status_info is not None
    assert offices.mueller.status_info in notice
    assert "bietet Ihnen Makler Muster & Partner an" in unlinked.last_text
    assert DEFAULT_STATUS_INFO in unlinked.last_text


async def test_privacy_notice_covers_contact_details_and_how_to_see_and_erase_them(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await p.send("/datenschutz")

    assert "Kontaktdaten" in p.last_text or "Telefonnummer" in p.last_text
    assert "/meinedaten" in p.last_text
    assert "/loeschen" in p.last_text


async def test_my_data_is_a_json_file_with_the_answers_and_the_lead(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p, "/start mueller-newsletter")

    document = await my_data(p)

    assert document["conversation"]["answers"]["it_value"] == 80_000
    assert document["conversation"]["start_payload"] == "mueller-newsletter"
    (lead,) = document["leads"]
    assert lead["broker"] == "Müller & Co <Makler>"
    assert lead["username"] == "erika_m"
    assert lead["summary"]["name"] == "Erika Muster"
    assert lead["summary"]["phone"] == "+49 170 1234567"
    assert lead["summary"]["answers"] == document["conversation"]["answers"]


async def relayed_both_ways(
    api: FakeBotApi, bot: BotApplication, offices: Offices, to_staff: str, from_staff: str
) -> Prospect:
    """A prospect handed off to Müller, one message to the staff and one answer back."""
    p = visitor(api)
    await hand_off(p)
    card = await offices.mueller.card()
    await chat(p, to_staff)
    await settled(api, bot, offices.mueller.reply(card, from_staff))
    return p


async def test_my_data_holds_the_messages_passed_both_ways(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = await relayed_both_ways(
        api,
        handoff_bot,
        offices,
        "Bitte erst ab 14 Uhr anrufen.",
        "Gern, wir melden uns um 14 Uhr.",
    )

    document = await my_data(p)

    messages = [(m["direction"], m["text"]) for m in document["messages"]]
    assert messages == [
        ("to_broker", "Bitte erst ab 14 Uhr anrufen."),
        ("from_broker", "Gern, wir melden uns um 14 Uhr."),
    ]
    assert all(m["written_at"] and m["delivered_at"] for m in document["messages"])


async def test_delivered_messages_are_deleted_after_the_retention_period(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = await relayed_both_ways(api, handoff_bot, offices, "Eine Frage noch.", "Gern.")
    db: Database = handoff_bot.bot_data["database"]
    days = handoff_bot.bot_data["settings"].conversation_retention_days
    await _written_ago(db, timedelta(days=days, hours=1))

    await purge_stale(cast(ContextTypes.DEFAULT_TYPE, SimpleNamespace(application=handoff_bot)))

    assert (await my_data(p))["messages"] == []
    async with db.session() as session:
        kinds = set(await session.scalars(select(OutboxMessage.kind)))
    assert kinds == {"staff_card", "staff_report"}  # neither holds a text of theirs


async def _written_ago(db: Database, age: timedelta) -> None:
    async with db.transaction() as session:
        await session.execute(update(OutboxMessage).values(created_at=utcnow() - age))


async def test_erasing_removes_the_data_blanks_the_staff_card_and_ends_the_relay(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    mueller = offices.mueller
    card = await mueller.card()

    await erase(p)

    assert "Ihre Daten sind gelöscht" in p.last_text
    await api.wait_for(lambda: ERASED in mueller.now(card).text)
    erased = mueller.now(card)
    assert erased.text.startswith("🆕 Anfrage #1 · Müller & Co <Makler>")
    for personal in ("Erika", "Muster", "erika_m", "+49 170 1234567", str(p.chat_id)):
        assert personal not in erased.raw_text
    assert erased.buttons == []
    document = await my_data(p)
    assert document["conversation"] is None
    assert document["leads"] == []
    await settled(api, handoff_bot, mueller.reply(card, "Schade, dürfen wir trotzdem anrufen?"))
    assert messages_with(api, p.chat_id, "trotzdem anrufen") == []


async def test_erasure_needs_a_confirmation(api: FakeBotApi, offices: Offices) -> None:
    p = visitor(api)
    await chat(p, "/start mueller", "80.000")

    await p.send("/loeschen")
    await p.press("Nein, behalten")

    assert "es wurde nichts gelöscht" in p.last_text
    assert (await my_data(p))["conversation"]["answers"] == {"it_value": 80_000}


async def test_after_erasure_nothing_about_the_prospect_is_stored(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    mueller = offices.mueller
    card = await mueller.card()
    await p.send("Meine Handynummer ist 0151 2345678.")
    mueller.reply(card, "Danke, Frau Muster, wir rufen an.")
    await api.wait_for(lambda: messages_with(api, p.chat_id, "wir rufen an"))

    await erase(p)
    await outbox_drained(handoff_bot)

    assert await my_data(p) == {"conversation": None, "leads": [], "messages": []}
    database: Database = handoff_bot.bot_data["database"]
    async with database.session() as session:
        payloads = json.dumps(list(await session.scalars(select(OutboxMessage.payload))))
    assert "0151 2345678" not in payloads
    assert "Frau Muster" not in payloads
    assert str(p.chat_id) not in payloads


async def test_after_erasure_no_copy_is_left_in_the_sqlite_write_ahead_log(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices, sqlite_url: str
) -> None:
    p = visitor(api)
    await hand_off(p)
    await p.send("Meine Handynummer ist 0151 2345678.")
    await outbox_drained(handoff_bot)

    await erase(p)

    # A backup of the data directory taken now must not hold what was erased.
    database_file = Path(sqlite_url.removeprefix("sqlite+aiosqlite:///"))
    for stored in (database_file, database_file.with_name(database_file.name + "-wal")):
        if stored.exists():
            assert b"0151 2345678" not in stored.read_bytes()
