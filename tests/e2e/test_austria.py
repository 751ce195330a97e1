"""An Austrian broker's prospects: the same consultation and figures, in Austria's money
format and wording — in every message, button and document, and without the German status
information paragraph (the broker's own text carries its legal reference)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.app import BotApplication
from tests.e2e.conftest import (
    DEFAULT_STAFF,
    Office,
    handoff_bot_with,
    visitor,
)
from tests.e2e.script import (
    SHORT_CONSULTATION,
    WORKED_EXAMPLE,
    chat,
    documents,
    pdf_text,
    result_of,
)
from tests.fakes import FakeBotApi, Prospect

GERMAN_PARAGRAPH = "§ 15 VersVermV"
GERMAN_MONEY = re.compile(r"\d €(?! \d)")
"""„234.300 €“, as Germany writes it (Austria: „€ 234.300“); in a PDF table's text a basis
„× € 50“ runs into the amount „€ 100.000“ beside it, which is no German sum."""
WIEN_STATUS_INFO = "Erstinformation: Wiener Makler GmbH, GISA-Zahl 12345678"


def everything_said(p: Prospect) -> str:
    """The prospect's chat as they see it: messages, buttons and the documents' text."""
    files = " ".join(pdf_text(m) for m in documents(p.api, p.chat_id))
    return f"{p.transcript()}\n{files}"


async def test_austrian_brokers_prospect_reads_austrian_money_everywhere_and_no_german_law(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    brokers = handoff_bot.bot_data["brokers"]
    await brokers.add(
        "wien", "Wiener Makler GmbH", -100700, "01 234 56 78", WIEN_STATUS_INFO, country="AT"
    )
    api.set_chat(-100700, chat_type="supergroup", title="Team Wien")
    p = visitor(api)

    await chat(p, "/start wien", *WORKED_EXAMPLE[1:])
    result = result_of(p)
    await p.press("Bericht als PDF")
    await chat(p, "[Antwort ändern]")
    change_buttons = p.buttons
    await chat(p, "[Nichts ändern]", "/datenschutz", "[Mit dem Makler sprechen]")
    await chat(p, "[✔]", "[📱]", "[Vormittags]", "[Ja,]")

    assert (result.recommended, result.tier) == ("€ 234.300", "€ 250.000")
    assert result.items["Pönalen"] == "€ 5.000"
    assert "Wert der IT: € 80.000" in change_buttons
    (report,) = documents(api, p.chat_id)
    assert "Empfohlene Versicherungssumme € 250.000" in pdf_text(report)
    said = everything_said(p)
    assert "(gesetzlich vorgeschriebene Information über den Versicherungsmakler)" in said
    assert WIEN_STATUS_INFO in said
    assert GERMAN_PARAGRAPH not in said
    assert GERMAN_MONEY.search(said) is None
    card = await Office(api, "wien", "Wiener Makler GmbH", -100700, WIEN_STATUS_INFO).card()
    assert "Empfohlene Versicherungssumme: € 250.000" in card.text


async def test_broker_country_makes_the_default_broker_austrian(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    async with handoff_bot_with(api, sqlite_url, tmp_path, broker_country="AT"):
        p = visitor(api)
        await chat(p, *SHORT_CONSULTATION, "[Mit dem Makler sprechen]")

    assert (result_of(p).recommended, result_of(p).tier) == ("€ 44.000", "€ 100.000")
    assert GERMAN_PARAGRAPH not in p.transcript()
    assert GERMAN_MONEY.search(p.transcript()) is None
    assert api.messages(DEFAULT_STAFF) == []  # no consent given: nothing reached the staff
