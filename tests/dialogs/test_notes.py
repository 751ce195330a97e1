"""Every assumption or uncertainty in the result becomes one note, in German and English."""

from __future__ import annotations

import pytest

from dialogs.render import text
from dialogs.sheet import result_sheet
from tests.dialogs.chat import WORKED_EXAMPLE, Step, Tap, chat_at


def notes(script: dict[str, Step]) -> dict[str, dict[str, str]]:
    """note key → its text per language."""
    sheet = result_sheet(chat_at("summary", script).answers)
    return {n.key: {lang: text(n, lang) for lang in ("de", "en")} for n in sheet.notes}


def test_unknown_client_damage_says_from_which_claim_the_sum_should_rise() -> None:
    note = notes(WORKED_EXAMPLE)["note.client_damage_unknown"]

    assert "234.300 €" in note["de"] and "Makler" in note["de"]
    assert "€234,300" in note["en"] and "broker" in note["en"]


def test_unsure_it_liability_names_the_third_party_items_and_the_sum_without_them() -> None:
    note = notes({**WORKED_EXAMPLE, "it_liability": Tap("unsure")})["note.it_liability_unsure"]

    # 100,000 + 3,000 third-party items; without them 110,000 + 10 % = 121,000 → 250,000.
    assert "103.000 €" in note["de"] and "121.000 €" in note["de"]
    assert "250.000 €" in note["de"]
    assert "€103,000" in note["en"] and "€121,000" in note["en"]


def test_a_firm_no_on_it_liability_gets_no_such_note() -> None:
    assert "note.it_liability_unsure" not in notes(WORKED_EXAMPLE)


def test_a_zero_it_value_says_how_much_each_10000_would_add() -> None:
    note = notes({**WORKED_EXAMPLE, "it_value": "0"})["note.it_value_zero"]

    assert "10.000 €" in note["de"] and "5.500 €" in note["de"]
    assert "€10,000" in note["en"] and "€5,500" in note["en"]


def test_one_month_of_outage_is_said_plainly_with_the_cost_of_each_further_month() -> None:
    note = notes(WORKED_EXAMPLE)["note.bi_low"]

    assert note["de"].startswith("Sie haben 1 Monat Ausfall angesetzt.")
    assert "44.000 €" in note["de"]  # (30.000 + 10.000) + 10 %
    assert note["en"].startswith("You assumed an outage of 1 month.")
    assert "10 %" not in note["de"]


def test_several_months_of_outage_need_no_note() -> None:
    assert "note.bi_low" not in notes({**WORKED_EXAMPLE, "outage_months": "3"})


def test_a_raise_to_the_client_claim_is_explained() -> None:
    note = notes({**WORKED_EXAMPLE, "client_damage": "1 Mio"})["note.client_damage"]

    assert "1.000.000 €" in note["de"] and "234.300 €" in note["de"]
    assert "€1,000,000" in note["en"]


def test_fidelity_note_only_when_funds_are_to_be_covered() -> None:
    with_funds = notes(WORKED_EXAMPLE)
    without = notes({**WORKED_EXAMPLE, "funds_cover": "nein"})

    assert "Vertrauensschaden" in with_funds["note.fidelity"]["de"]
    assert "fidelity" in with_funds["note.fidelity"]["en"]
    assert "note.fidelity" not in without


@pytest.mark.parametrize("language", ["de", "en"])
def test_covered_third_party_damage_mentions_combined_policies(language: str) -> None:
    note = notes({**WORKED_EXAMPLE, "it_liability": "ja"})["note.third_party_excluded"]

    assert ("Kombi-Police" if language == "de" else "combined") in note[language]
