"""The PDF report under the lead card: the staff chat gets it once, after the card, as a
reply to it, in the staff's language — and never once the prospect erased their data.
Retries are made quick (`quick_retries`)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import bot.handoff.delivery as delivery_module
from bot.app import BotApplication
from bot.handoff.card import Card, render_card
from tests.e2e.conftest import (
    CARD_TITLE,
    DEFAULT_STAFF,
    Office,
    hand_off,
    handoff_bot_with,
    messages_with,
    open_offices,
    outbox_drained,
    visitor,
)
from tests.e2e.script import (
    assert_report_shows,
    documents,
    pdf_text,
    press_report_on_the_result,
    result_of,
)
from tests.fakes import FakeBotApi

pytestmark = pytest.mark.usefixtures("quick_retries")

HEADLINE, NEED = "Empfohlene Versicherungssumme", "Berechneter Bedarf:"
WHEN = r"\d{1,2}\. \w+ \d{4}, \d{2}:\d{2}"
"""A moment as the report names it: „2. Dezember 2026, 08:15“."""


def document_sends(api: FakeBotApi, chat_id: int) -> list[int | None]:
    """The status of every attempt to send a document to the chat, failed or not."""
    return [r.status for r in api.requests("sendDocument") if r.chat_id == chat_id]


async def test_card_and_report_arrive_once_after_the_staff_chat_refused_throttled_and_failed(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    mueller = (await open_offices(api, handoff_bot)).mueller
    api.fail("sendMessage", 403, chat_id=mueller.chat_id)
    api.fail("sendDocument", 403, chat_id=mueller.chat_id)
    api.fail("sendDocument", 429, retry_after=1, chat_id=mueller.chat_id)
    api.fail("sendDocument", 500, chat_id=mueller.chat_id)
    p = visitor(api)

    await hand_off(p)

    card = await mueller.card()
    (report,) = await api.wait_for(lambda: documents(api, mueller.chat_id))
    await outbox_drained(handoff_bot)
    assert document_sends(api, mueller.chat_id) == [403, 429, 500, 200]
    assert len(mueller.cards()) == 1
    assert documents(api, mueller.chat_id) == [report]
    assert report.reply_to_message_id == card.message_id
    assert report.text == "📄 Ergebnisbericht (PDF), Anfrage Nr. 1"
    text = pdf_text(report)
    assert "Anfrage Nr. 1" in text and "Erstellt für: Erika Muster" in text
    assert_report_shows(text, result_of(p), HEADLINE, NEED)
    # The annex: the status information as the prospect got it, when, and the consent.
    assert "Register-Nr. D-MUEL-1234-56" in text
    assert re.search(rf"D-MUEL-1234-56 Übermittelt am {WHEN}\. Einwilligung", text)
    assert re.search(
        rf"Einwilligung in die Weitergabe erteilt am {WHEN}; Empfänger: Müller & Co <Makler>\.",
        text,
    )


async def test_a_staff_reply_to_the_report_reaches_the_prospect(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    mueller = (await open_offices(api, handoff_bot)).mueller
    p = visitor(api)
    await hand_off(p)
    (report,) = await api.wait_for(lambda: documents(api, mueller.chat_id))

    mueller.reply(report, "Ihren Bericht haben wir gelesen, wir rufen morgen an.")

    await api.wait_for(lambda: messages_with(api, p.chat_id, "wir rufen morgen an"))


async def test_card_and_report_whose_answers_were_lost_are_not_sent_again(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    # Both reach the chat, but the bot gives up waiting for Telegram's answers.
    api.slow("sendMessage", 2, chat_id=DEFAULT_STAFF)
    api.slow("sendDocument", 2, chat_id=DEFAULT_STAFF)
    async with handoff_bot_with(api, sqlite_url, tmp_path, telegram_timeout=0.5) as application:
        await hand_off(visitor(api), "/start")
        await api.wait_for(lambda: documents(api, DEFAULT_STAFF))
        await outbox_drained(application)

    card_sends = [r.status for r in api.requests("sendMessage") if r.chat_id == DEFAULT_STAFF]
    assert (card_sends, document_sends(api, DEFAULT_STAFF)) == ([200], [200])
    assert len(messages_with(api, DEFAULT_STAFF, CARD_TITLE)) == 1
    assert len(documents(api, DEFAULT_STAFF)) == 1


async def test_staff_read_the_report_in_the_bots_language_the_prospect_in_theirs(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    async with handoff_bot_with(api, sqlite_url, tmp_path, bot_language="en") as application:
        p = visitor(api)
        await hand_off(p, "/start")
        (staff_copy,) = await api.wait_for(lambda: documents(api, DEFAULT_STAFF))
        own_copy = await press_report_on_the_result(p)
        await outbox_drained(application)

    assert staff_copy.text == "📄 Result report (PDF), request no. 1"
    staff_text = pdf_text(staff_copy)
    assert "Result report: cyber insurance sum" in staff_text
    assert "Recommended sum insured €100,000" in staff_text
    assert "Ergebnisbericht" not in staff_text
    assert "Ergebnisbericht Cyber-Versicherungssumme" in pdf_text(own_copy)


async def test_no_report_of_an_erased_lead_reaches_the_staff_chat(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    # A staff chat Telegram does not know yet: the card and the report wait in the outbox.
    await handoff_bot.bot_data["brokers"].add("neu", "Neu & Co", -100600, None, "Erstinfo Neu")
    p = visitor(api)
    await hand_off(p, "/start neu")

    await p.send("/loeschen")
    await p.press("Ja, alles löschen")
    api.set_chat(-100600, chat_type="supergroup", title="Team Neu")

    office = Office(api, "neu", "Neu & Co", -100600, None)
    card = await office.card()
    await outbox_drained(handoff_bot)
    assert "Die Person hat ihre Daten gelöscht" in office.now(card).text
    assert documents(api, office.chat_id) == []
    assert document_sends(api, office.chat_id) == []


async def test_a_card_too_long_for_telegram_points_to_the_report_that_follows(
    api: FakeBotApi, handoff_bot: BotApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def overlong(card: Card, language: str, zone: str = "Europe/Berlin") -> str:
        return render_card(card, language, zone) + html.escape("\n· lang" * 700)

    monkeypatch.setattr(delivery_module, "render_card", overlong)
    mueller = (await open_offices(api, handoff_bot)).mueller
    p = visitor(api)

    await hand_off(p)

    card = await mueller.card()
    (report,) = await api.wait_for(lambda: documents(api, mueller.chat_id))
    assert "Alle Angaben stehen im Ergebnisbericht (PDF)" in card.text
    assert report.reply_to_message_id == card.message_id
    assert_report_shows(pdf_text(report), result_of(p), HEADLINE, NEED)
