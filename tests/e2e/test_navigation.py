"""Finding the way around: back, changing an answer from the result, resuming, starting over."""

from __future__ import annotations

from bot.storage import ConversationStore
from tests.e2e.script import (
    BI_COVER_QUESTION,
    FUNDS_COVER_QUESTION,
    FUNDS_QUESTION,
    IT_QUESTION,
    SHORT_CONSULTATION,
    chat,
    result_of,
)
from tests.fakes import Prospect


async def test_back_button_shows_the_previous_question_with_its_answer_kept(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "80.000", "[◀ Zurück]")

    assert IT_QUESTION in prospect.last_text
    assert "Beibehalten: 80.000 €" in prospect.buttons

    await chat(prospect, "[Beibehalten: 80.000 €]")
    assert FUNDS_COVER_QUESTION in prospect.last_text


async def test_back_command_and_typed_word_go_back_too(prospect: Prospect) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]", "/zurueck")
    assert FUNDS_COVER_QUESTION in prospect.last_text

    await chat(prospect, "zurück")
    assert IT_QUESTION in prospect.last_text


async def test_going_back_and_choosing_differently_takes_the_other_branch(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]")
    assert FUNDS_QUESTION in prospect.last_text

    await chat(prospect, "[◀ Zurück]", "[Nein]")
    assert BI_COVER_QUESTION in prospect.last_text
    assert "Frage 3 von 13" in prospect.last_text


async def test_back_on_the_first_question_says_there_is_none_before(prospect: Prospect) -> None:
    await chat(prospect, "/start", "/zurueck")

    assert "bereits die erste Frage" in prospect.last_text
    assert IT_QUESTION in prospect.last_text


async def test_help_button_explains_the_question_and_asks_it_again(prospect: Prospect) -> None:
    await chat(prospect, "/start", "[Was zählt dazu?]")

    assert "neu anzuschaffen" in prospect.last_text
    assert IT_QUESTION in prospect.last_text


async def test_changed_answer_from_the_result_leads_back_to_the_result_with_the_new_sum(
    prospect: Prospect,
) -> None:
    await chat(prospect, *SHORT_CONSULTATION)
    assert result_of(prospect).recommended == "44.000 €"

    await chat(prospect, "[Antwort ändern]", "[Wert der IT: 80.000 €]", "200.000")

    # 50 % of 200.000 = 100.000; + 10 % = 110.000, no other question asked again.
    assert (result_of(prospect).recommended, result_of(prospect).tier) == (
        "110.000 €",
        "250.000 €",
    )


async def test_changing_a_branch_from_the_result_asks_only_the_new_questions(
    prospect: Prospect,
) -> None:
    await chat(prospect, *SHORT_CONSULTATION)

    await chat(prospect, "[Antwort ändern]", "[Betriebsunterbrechung: Nein]", "[Ja]")
    assert "laufenden Kosten pro Monat" in prospect.last_text
    await chat(prospect, "30.000", "[Keine / 0]", "[2 Mon.]", "[Keine / 0]")

    result = result_of(prospect)
    assert result.items["Betriebsunterbrechung"] == "60.000 €"  # (30.000 + 0) × 2
    assert result.recommended == "110.000 €"  # (40.000 + 60.000) × 1.1


async def test_nothing_to_change_after_all_keeps_the_result(prospect: Prospect) -> None:
    await chat(prospect, *SHORT_CONSULTATION, "[Antwort ändern]", "[Nichts ändern]")

    assert prospect.buttons == [
        "Mit dem Makler sprechen",
        "Bericht als PDF",
        "Antwort ändern",
        "Neu beginnen",
    ]
    assert result_of(prospect).recommended == "44.000 €"


async def test_start_during_a_dialog_offers_to_continue_where_it_stopped(
    prospect: Prospect,
) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]", "/start")
    assert prospect.buttons == ["Weitermachen", "Neu beginnen"]

    await chat(prospect, "[Weitermachen]")
    assert FUNDS_QUESTION in prospect.last_text
    await chat(prospect, "[◀ Zurück]", "[◀ Zurück]")
    assert "Beibehalten: 80.000 €" in prospect.buttons


async def test_start_during_a_dialog_can_start_over(prospect: Prospect) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]", "/start", "[Neu beginnen]")

    assert IT_QUESTION in prospect.last_text
    assert prospect.buttons == ["Was zählt dazu?"]  # no earlier answer to keep


async def test_neu_discards_the_answers(prospect: Prospect) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]", "/neu")

    assert "von vorn" in prospect.last_text
    assert IT_QUESTION in prospect.last_text
    assert prospect.buttons == ["Was zählt dazu?"]


async def test_abbrechen_erases_the_unfinished_conversation(
    prospect: Prospect, conversations: ConversationStore
) -> None:
    await chat(prospect, "/start", "80.000", "[Ja]")
    assert await conversations.get(prospect.chat_id) is not None

    await chat(prospect, "/abbrechen")
    assert "gelöscht" in prospect.last_text
    assert await conversations.get(prospect.chat_id) is None

    await chat(prospect, "/start")
    assert IT_QUESTION in prospect.last_text
    assert prospect.buttons == ["Was zählt dazu?"]  # a new start, not "continue or start over"
