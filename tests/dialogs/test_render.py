"""Replies turned into text: money per locale, buttons, the result table, and HTML escaping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.render import label, render, table_text, text
from dialogs.replies import Count, Money, Msg, Option, Reply, ReplyKind, TableRow
from dialogs.texts.formatting import money, number
from tests.dialogs.chat import chat_at


@pytest.mark.parametrize(
    ("euros", "german", "english"),
    [
        (234_300, "234.300 €", "€234,300"),
        (250_000, "250.000 €", "€250,000"),
        (1_500_000, "1.500.000 €", "€1,500,000"),
        (950, "950 €", "€950"),
        (0, "0 €", "€0"),
    ],
)
def test_money_is_written_the_german_and_the_english_way(
    euros: int, german: str, english: str
) -> None:
    assert money(euros, "de") == german
    assert money(euros, "en") == english


def test_numbers_are_grouped_per_language() -> None:
    assert number(2_000, "de") == "2.000"
    assert number(2_000, "en") == "2,000"
    assert number(Decimal("2.5"), "de") == "2,5"
    assert number(Decimal("2.5"), "en") == "2.5"


@pytest.mark.parametrize("digits", ["1" + "0" * 29, "1" + "0" * 40, "9" * 5_000])
def test_numbers_of_any_length_are_written_out_in_full(digits: str) -> None:
    value = Decimal(digits)

    assert money(value, "de").replace(".", "") == f"{digits} €"
    assert number(value, "en").replace(",", "") == digits
    assert len(number(value, "de")) == len(digits) + (len(digits) - 1) // 3


def test_money_values_in_a_text_use_the_locale() -> None:
    note = Msg("note.client_damage", {"amount": Money(500_000), "total": Money(234_300)})

    german = text(note, "de")
    english = text(note, "en")

    assert "234.300 €" in german
    assert "500.000 €" in german
    assert "€234,300" in english
    assert "€500,000" in english


def test_plain_text_drops_the_markup_and_html_keeps_it() -> None:
    headline = Msg("summary.headline", {"amount": Money(234_300)})

    plain = text(headline, "de")
    marked_up = text(headline, "de", as_html=True)

    assert "<b>" not in plain
    assert marked_up.startswith("<b>")
    assert "234.300 €</b>" in marked_up


def test_nested_texts_and_lists_are_filled_in() -> None:
    option = Msg(
        "change.option",
        {
            "question": Msg("q.measures.short"),
            "answer": Msg(
                "answer.list",
                {"items": (Msg("measure.mfa.label"), Msg("measure.backup.label"))},
            ),
        },
    )

    assert text(option, "de") == (
        "Schutzmaßnahmen: Mehr-Faktor-Anmeldung (MFA), Datensicherung außer Haus"
    )
    assert (
        text(option, "en")
        == "Security measures: Multi-factor authentication (MFA), Off-site backup"
    )


def test_counts_are_grouped_in_texts() -> None:
    keep = Msg("opt.keep", {"answer": Count(2_000)})

    assert text(keep, "de") == "Beibehalten: 2.000"
    assert text(keep, "en") == "Keep: 2,000"


@pytest.mark.parametrize(
    ("selected", "caption"),
    [(True, "✅ Notfallplan"), (False, "⬜ Notfallplan"), (None, "Notfallplan")],
)
def test_checklist_buttons_show_whether_they_are_ticked(
    selected: bool | None, caption: str
) -> None:
    option = Option("emergency_plan", Msg("measure.emergency_plan.label"), selected=selected)

    assert label(option, "de") == caption


@pytest.mark.parametrize("question", ["it_value", "funds_cover", "records"])
def test_typed_markup_is_escaped_in_html_and_shown_literally_in_plain_text(question: str) -> None:
    chat = chat_at(question)

    chat.type("<b>&")

    assert "„&lt;b&gt;&amp;“" in chat.text(as_html=True)
    assert "<b>&" not in chat.text(as_html=True)
    assert "„<b>&“" in chat.text()


def test_typed_markup_is_escaped_in_english_too() -> None:
    chat = chat_at("it_value", language="en")

    chat.type("<script>")

    assert "“&lt;script&gt;”" in chat.text(as_html=True)


RESULT_ROWS = (
    TableRow(Msg("item.it_restoration"), 40_000),
    TableRow(Msg("item.records"), 100_000),
    TableRow(Msg("item.subtotal"), 140_000, emphasis=True),
    TableRow(Msg("item.surcharge"), 14_000),
    TableRow(Msg("item.total"), 154_000, emphasis=True),
)


@pytest.mark.parametrize("language", ["de", "en"])
def test_result_table_aligns_labels_left_and_amounts_right(language: str) -> None:
    lines = table_text(RESULT_ROWS, language).splitlines()

    assert len({len(line) for line in lines}) == 1
    rows = [line for line in lines if not line.startswith("─")]
    assert len(rows) == len(RESULT_ROWS)
    for line, row in zip(rows, RESULT_ROWS, strict=True):
        assert line.startswith(text(row.label, language) + " ")
        assert line.endswith(" " + money(row.amount, language))


def test_result_table_draws_a_rule_above_subtotal_and_total() -> None:
    lines = table_text(RESULT_ROWS, "de").splitlines()

    rules = [number for number, line in enumerate(lines) if set(line) == {"─"}]
    assert [lines[number + 1].split()[0] for number in rules] == ["Zwischensumme", "Summe"]
    assert len(lines) == 7


def test_result_table_is_preformatted_and_escaped_in_html() -> None:
    odd = Msg("change.option", {"question": "<Kunde & Co>", "answer": "x"})
    reply = Reply(ReplyKind.SUMMARY, (), table=(TableRow(odd, 1_000),))

    html_text = render(reply, "de", as_html=True)

    assert html_text.startswith("<pre>")
    assert html_text.endswith("</pre>")
    assert "&lt;Kunde &amp; Co&gt;: x" in html_text


def test_reply_parts_are_separated_by_blank_lines() -> None:
    reply = Reply(
        ReplyKind.INFO,
        (Msg("back.at_start"), Msg("opt.yes")),
        footer=(Msg("opt.no"),),
    )

    assert render(reply, "de") == "Das ist bereits die erste Frage.\n\nJa\n\nNein"
