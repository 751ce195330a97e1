"""The result sheet: one table that adds up to the headline, computed once from the answers."""

from __future__ import annotations

import pytest

from dialogs.conversation import Answer
from dialogs.coverage import calculate
from dialogs.render import render, table_text, text
from dialogs.sheet import coverage_input, result_sheet
from dialogs.table import RAISE, RECOMMENDED, SUBTOTAL, SURCHARGE, TOTAL
from tests.dialogs.chat import WORKED_EXAMPLE, Step, chat_at

# The three cases every adapter's table is checked against (see also tests/handoff, tests/report).
RAISED: dict[str, Step] = {**WORKED_EXAMPLE, "client_damage": "1,2 Mio"}
NO_THIRD_PARTY: dict[str, Step] = {**WORKED_EXAMPLE, "it_liability": "ja"}


def answers(script: dict[str, Step]) -> dict[str, Answer]:
    return dict(chat_at("summary", script).answers)


def amounts(script: dict[str, Step]) -> dict[str, int]:
    return {row.key: row.amount for row in result_sheet(answers(script)).rows}


@pytest.mark.parametrize("script", [WORKED_EXAMPLE, RAISED, NO_THIRD_PARTY])
def test_rows_agree_with_calculate(script: dict[str, Step]) -> None:
    result = calculate(coverage_input(answers(script)))
    table = amounts(script)

    assert {key: table[key] for key in (i.key for i in result.items)} == {
        item.key: item.amount for item in result.items
    }
    assert (table[SUBTOTAL], table[SURCHARGE], table[TOTAL]) == (
        result.subtotal,
        result.surcharge,
        result.total,
    )
    assert table.get(RAISE, result.recommended) == result.recommended
    assert table[RECOMMENDED] == result.tier


def test_a_raise_to_the_client_claim_is_a_row_of_its_own_before_the_recommendation() -> None:
    rows = result_sheet(answers(RAISED)).rows

    assert [row.key for row in rows[-3:]] == [TOTAL, RAISE, RECOMMENDED]
    assert [row.amount for row in rows[-3:]] == [234_300, 1_200_000, 1_500_000]


def test_without_third_party_items_the_table_still_adds_up() -> None:
    table = amounts(NO_THIRD_PARTY)

    assert "records" not in table and "payment_records" not in table
    assert table[SUBTOTAL] == 110_000
    assert (table[TOTAL], table[RECOMMENDED]) == (121_000, 250_000)


@pytest.mark.parametrize("script", [WORKED_EXAMPLE, RAISED, NO_THIRD_PARTY])
def test_items_add_up_to_the_subtotal_and_the_last_row_is_the_headline_figure(
    script: dict[str, Step],
) -> None:
    sheet = result_sheet(answers(script))
    items = [row for row in sheet.rows if row.key in {i.key for i in sheet.result.items}]
    by_key = {row.key: row.amount for row in sheet.rows}

    assert sum(row.amount for row in items) == by_key[SUBTOTAL]
    assert by_key[SUBTOTAL] + by_key[SURCHARGE] == by_key[TOTAL]
    assert sheet.rows[-1].key == RECOMMENDED
    assert sheet.rows[-1].amount == sheet.headline.values["amount"].euros


def test_each_item_shows_its_basis_in_words() -> None:
    table = table_text(result_sheet(answers(WORKED_EXAMPLE)).rows, "de")

    for basis in (
        "50 % von 80.000 € IT-Wert",
        "40.000 € pro Monat × 1 Monat",
        "2.000 Datensätze × 50 €",
        "300 Datensätze × 10 €",
        "10 % von 213.000 €",
        "nächste übliche Versicherungssumme",
    ):
        assert f"\n  {basis}" in table


def test_headline_names_the_cover_step_and_the_computed_need_beneath_it() -> None:
    chat = chat_at("summary")

    lines = render(chat.replies[0], "de").splitlines()

    assert lines[0] == "Empfohlene Versicherungssumme: 250.000 €"
    assert lines[2] == (
        "Berechneter Bedarf: 234.300 €, aufgerundet auf die nächste übliche Versicherungssumme."
    )
    english = render(chat.replies[0], "en")
    assert english.startswith("Recommended sum insured: €250,000\n\nCalculated need: €234,300")


def test_a_need_that_is_a_usual_step_is_not_said_to_be_rounded() -> None:
    sheet = result_sheet(answers({**WORKED_EXAMPLE, "client_damage": "500.000"}))

    assert sheet.need.key == "summary.need_exact"
    assert sheet.rows[-1].basis is None
    assert "500.000 €" in text(sheet.need, "de")


def test_no_invented_words_anywhere_in_the_result() -> None:
    chat = chat_at("summary", RAISED)

    for language in ("de", "en"):
        shown = chat.text(language)
        assert "Versicherungsschritt" not in shown
        assert "cover step" not in shown


def test_answers_off_the_current_path_do_not_count() -> None:
    # Client damage was answered, then IT liability changed to yes: the claim must not count.
    stale = {**answers(RAISED), "it_liability": "yes"}

    sheet = result_sheet(stale)

    assert RAISE not in {row.key for row in sheet.rows}
    assert all(note.key != "note.client_damage" for note in sheet.notes)
