"""The staff card shows the prospect's result sheet: the same rows, notes and measures."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from bot.handoff.card import card_of, render_card
from dialogs.conversation import Answer
from dialogs.lead import LeadSummary, lead_summary
from dialogs.render import money
from dialogs.sheet import result_sheet
from tests.dialogs.chat import WORKED_EXAMPLE, Step, chat_at
from tests.dialogs.test_texts import leaks
from tests.handoff.conftest import lead

RAISED: dict[str, Step] = {**WORKED_EXAMPLE, "client_damage": "1,2 Mio"}
NO_THIRD_PARTY: dict[str, Step] = {**WORKED_EXAMPLE, "it_liability": "ja"}
CONTACT = {"name": "Erika Muster", "phone": "+49 170 1234567", "time": "morning"}


def consented(script: dict[str, Step], **changes: Any) -> LeadSummary:
    conversation = chat_at("summary", script).conversation
    conversation = conversation.model_copy(update={"contact": CONTACT})
    return lead_summary(conversation, **changes)


def card_html(summary: LeadSummary, language: str = "de") -> str:
    return render_card(card_of(lead(summary=summary.to_dict())), language)


def card_text(summary: LeadSummary, language: str = "de") -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", card_html(summary, language)))


def table_rows(summary: LeadSummary) -> dict[str, str]:
    """label → amount of the card's table (its <pre> block's lines that end in an amount)."""
    (table,) = re.findall(r"<pre>(.*?)</pre>", card_html(summary), re.DOTALL)
    rows = re.findall(r"^(\S.*?)\s+(\d[\d.]* €)$", html.unescape(table), re.MULTILINE)
    return dict(rows)


@pytest.mark.parametrize("script", [WORKED_EXAMPLE, RAISED, NO_THIRD_PARTY])
def test_card_table_has_the_same_rows_as_the_prospects_result(script: dict[str, Step]) -> None:
    summary = consented(script)
    answers: dict[str, Answer] = summary.answers
    sheet = result_sheet(answers)

    rows = table_rows(summary)

    assert list(rows.values()) == [money(row.amount, "de") for row in sheet.rows]
    assert list(rows)[-1] == "Empfehlung"


def test_worked_example_card_adds_up_to_the_cover_step() -> None:
    summary = consented(WORKED_EXAMPLE)
    card = card_text(summary)

    rows = table_rows(summary)
    assert rows["Zwischensumme"] == "213.000 €"
    assert rows["Sicherheitszuschlag"] == "21.300 €"
    assert rows["Summe"] == "234.300 €"
    assert rows["Empfehlung"] == "250.000 €"
    assert "💶 Empfohlene Versicherungssumme: 250.000 € (berechneter Bedarf 234.300 €)" in card
    assert "2.000 Datensätze × 50 €" in card
    assert "Versicherungsschritt" not in card


def test_raised_card_shows_the_client_claim_as_its_own_row() -> None:
    rows = table_rows(consented(RAISED))

    assert rows["Größter Kundenschaden"] == "1.200.000 €"
    assert rows["Empfehlung"] == "1.500.000 €"


def test_card_lists_missing_measures_by_topic_and_name_never_by_key() -> None:
    script = {**WORKED_EXAMPLE, "measures": ("backup", "antivirus")}

    card = card_text(consented(script))
    missing = card[card.index("Fehlende Maßnahmen") :]

    assert "🔴 Identitäts- & Berechtigungsmanagement: ❗ Mehr-Faktor-Anmeldung (MFA)" in missing
    assert "🔴 Patch- & Änderungsmanagement: ❗⭐ Sicherheitsupdates zeitnah" in missing
    assert "Datensicherung außer Haus" not in missing
    for key in ("mfa", "updates", "emergency_plan", "knockout", "identity"):
        assert re.search(rf"\b{key}\b", card) is None, key


def test_fidelity_note_is_on_the_card_only_with_funds_cover() -> None:
    with_funds = card_text(consented(WORKED_EXAMPLE))
    without = card_text(consented({**WORKED_EXAMPLE, "funds_cover": "nein"}))

    assert "ℹ️ Sie möchten Geld auf Ihren Konten mitversichern" in with_funds
    assert "Vertrauensschaden" in with_funds
    assert "Vertrauensschaden" not in without


def test_an_austrian_brokers_card_writes_money_the_austrian_way() -> None:
    card = card_text(consented(WORKED_EXAMPLE, country="AT"))

    assert "💶 Empfohlene Versicherungssumme: € 250.000 (berechneter Bedarf € 234.300)" in card
    assert "234.300 €" not in card


def test_english_card_for_staff_who_read_english() -> None:
    card = card_text(consented(WORKED_EXAMPLE), "en")

    assert "💶 Recommended sum insured: €250,000 (calculated need €234,300)" in card
    assert "Missing measures by DIN SPEC 27076 topic" in card


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("script", [WORKED_EXAMPLE, RAISED, NO_THIRD_PARTY])
def test_card_shows_no_setting_name_or_internal_key(language: str, script: dict[str, Step]) -> None:
    card = card_text(consented(script), language)

    assert leaks(card) == []
