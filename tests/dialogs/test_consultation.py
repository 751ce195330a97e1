"""The consultation as a prospect lives it: one move at a time through `step`.

Expected figures are worked out by hand from DESIGN.md: with the worked example's inputs the
items are IT 40,000, funds 25,000, business interruption 40,000 + penalties 5,000, and
third-party records 100,000 + 3,000; the surcharge is 10 % of their sum.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from dialogs.consultation import step
from dialogs.conversation import Conversation
from dialogs.events import (
    Back,
    Choose,
    Event,
    Help,
    Repeat,
    RequestContact,
    Restart,
    SetLanguage,
    Start,
    Text,
)
from dialogs.replies import Lines, Msg, Reply, ReplyKind
from tests.dialogs.chat import (
    BI_QUESTIONS,
    THIRD_PARTY_QUESTIONS,
    WORKED_EXAMPLE,
    Chat,
    Step,
    Tap,
    branch_script,
    chat_at,
    design_route,
    result_table,
)

# (funds cover, BI cover, IT liability, total worked out by hand)
BRANCHES = [
    (True, True, "yes", 121_000),  # 40,000 + 25,000 + 45,000 = 110,000, + 10 %
    (True, True, "no", 234_300),  # the worked example
    (True, True, "unsure", 234_300),  # unsure counts as no
    (True, False, "yes", 71_500),  # 40,000 + 25,000 = 65,000, + 10 %
    (True, False, "no", 184_800),  # 40,000 + 25,000 + 103,000 = 168,000, + 10 %
    (True, False, "unsure", 184_800),
    (False, True, "yes", 93_500),  # 40,000 + 45,000 = 85,000, + 10 %
    (False, True, "no", 206_800),  # 40,000 + 45,000 + 103,000 = 188,000, + 10 %
    (False, True, "unsure", 206_800),
    (False, False, "yes", 44_000),  # 40,000, + 10 %
    (False, False, "no", 157_300),  # 40,000 + 103,000 = 143,000, + 10 %
    (False, False, "unsure", 157_300),
]

ALL_QUESTIONS = design_route(funds=True, bi=True, liability="no")
CONTACT_STATES = ["contact_name", "contact_reach", "contact_time", "contact_consent", "handed_off"]

Move = Callable[[Chat], object]


def keys(messages: tuple[Msg, ...]) -> list[str]:
    return [message.key for message in messages]


def finished(script: Mapping[str, Step] = WORKED_EXAMPLE, language: str = "de") -> Chat:
    return chat_at("summary", script, language)


def missing_lines(replies: tuple[Reply, ...]) -> list[tuple[str, bool]]:
    """The missing measures as (measure, marked as an obligation), in the order they are listed.

    They are listed topic by topic, under the topics' headings.
    """
    intros = [m for reply in replies for m in reply.lines if m.key == "measures.intro"]
    if not intros:
        return []
    topics = intros[0].values["items"]
    assert isinstance(topics, Lines)
    lines = []
    for topic in topics.items:
        listing = topic.values["items"]
        assert isinstance(listing, Lines)
        for line in listing.items:
            measure = line.values["label"].key.removeprefix("measure.").removesuffix(".label")
            mark = line.values.get("mark")
            lines.append((measure, mark is not None and "knockout" in mark.key))
    return lines


# --- every branch reaches the result ---------------------------------------------------------


@pytest.mark.parametrize(("funds", "bi", "liability", "total"), BRANCHES)
def test_every_branch_asks_exactly_its_questions_and_reaches_the_result(
    funds: bool, bi: bool, liability: str, total: int
) -> None:
    chat = finished(branch_script(funds=funds, bi=bi, liability=liability))

    assert chat.asked == design_route(funds=funds, bi=bi, liability=liability)
    table = result_table(chat.replies)
    assert table["total"] == total
    expected_items = {
        "it_restoration",
        *(["funds"] if funds else []),
        *(["business_interruption", "penalties"] if bi else []),
        *(["records", "payment_records"] if liability != "yes" else []),
    }
    assert set(table) - {"subtotal", "surcharge", "total", "recommended"} == expected_items


def test_worked_example_typed_in_german_recommends_234300_in_the_250k_step() -> None:
    chat = finished()

    german = chat.text("de")
    assert "234.300 €" in german
    assert "250.000 €" in german
    english = chat.text("en")
    assert "€234,300" in english
    assert "€250,000" in english


def test_worked_example_result_is_itemised_as_in_the_design() -> None:
    chat = finished()

    assert result_table(chat.replies) == {
        "it_restoration": 40_000,
        "funds": 25_000,
        "business_interruption": 40_000,
        "penalties": 5_000,
        "records": 100_000,
        "payment_records": 3_000,
        "subtotal": 213_000,
        "surcharge": 21_300,
        "total": 234_300,
        "recommended": 250_000,
    }


def test_result_offers_contact_report_change_and_restart() -> None:
    chat = finished()

    assert chat.offered() == ["contact", "report", "change", "restart"]


def test_contact_button_hands_the_session_over() -> None:
    chat = finished()
    answers = dict(chat.answers)

    chat.tap("contact")

    assert chat.contact_requested
    assert chat.answers == answers


def test_progress_counts_down_as_branches_are_skipped() -> None:
    chat = Chat()
    progress = []
    chat.send(Start())
    steps: tuple[Step, ...] = ("80.000", Tap("no"), Tap("no"), Tap("yes"), ("mfa",), Tap("yes"))
    for planned in steps:
        shown = [m.values for m in chat.reply.lines if m.key == "progress"]
        progress.append((shown[0]["n"], shown[0]["total"]))
        chat.give(planned)

    assert chat.state == "summary"
    assert progress == [(1, 14), (2, 14), (3, 13), (4, 9), (5, 6), (6, 6)]


# --- back ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "go_back",
    [
        pytest.param(lambda chat: chat.tap("back"), id="button"),
        pytest.param(lambda chat: chat.type("zurück"), id="typed"),
        pytest.param(lambda chat: chat.send(Back()), id="command"),
    ],
)
def test_back_returns_to_the_previous_question_offering_to_keep_the_answer(go_back: Move) -> None:
    chat = chat_at("funds_cover")

    go_back(chat)

    assert chat.state == "it_value"
    assert chat.reply.question == "it_value"
    assert chat.answers["it_value"] == 80_000
    assert chat.caption("keep") == "Beibehalten: 80.000 €"


def test_keeping_the_answer_after_back_moves_on_unchanged() -> None:
    chat = chat_at("funds_cover")
    chat.tap("back")

    chat.tap("keep")

    assert chat.state == "funds_cover"
    assert chat.answers == {"it_value": 80_000}


def test_back_skips_questions_the_branch_did_not_ask() -> None:
    chat = chat_at("bi_cover", branch_script(funds=False, bi=True, liability="no"))

    chat.tap("back")

    assert chat.state == "funds_cover"


def test_back_keeps_the_checklist_selection() -> None:
    chat = chat_at("measures")
    chat.tap("mfa")
    chat.tap("done")

    chat.tap("back")

    assert chat.state == "measures"
    assert chat.caption("mfa") == "✅ Mehr-Faktor-Anmeldung (MFA)"


def test_back_at_the_first_question_says_so_and_stays() -> None:
    chat = Chat()
    chat.send(Start())
    before = chat.conversation

    chat.send(Back())

    assert chat.conversation == before
    assert chat.reply.question == "it_value"
    assert chat.reply.lines[0].key == "back.at_start"


def test_first_question_has_no_back_button() -> None:
    chat = Chat()
    chat.send(Start())

    assert "back" not in chat.offered()
    assert "help" in chat.offered()


def test_back_from_the_result_returns_to_the_last_question() -> None:
    chat = finished()

    chat.type("zurück")

    assert chat.state == "training"
    assert chat.reply.question == "training"
    assert set(chat.answers) == set(ALL_QUESTIONS)


# --- changing an answer from the result ------------------------------------------------------


def test_change_menu_lists_every_answered_question_in_order() -> None:
    chat = finished()

    chat.tap("change")

    assert chat.offered() == [*ALL_QUESTIONS, "cancel"]
    assert chat.caption("it_value") == "Wert der IT: 80.000 €"
    assert chat.caption("funds_cover") == "Konten mitversichern: Ja"
    assert chat.caption("it_liability") == "IT-Haftpflicht: Nein"
    assert chat.caption("client_damage") == "Größter Kundenschaden: Weiß ich nicht"
    assert chat.caption("measures") == "Schutzmaßnahmen: keine"


def test_change_menu_lists_only_the_questions_of_the_branch_taken() -> None:
    chat = finished(branch_script(funds=False, bi=False, liability="yes"))

    chat.tap("change")

    assert chat.offered() == [
        "it_value",
        "funds_cover",
        "bi_cover",
        "it_liability",
        "measures",
        "training",
        "cancel",
    ]


def test_changing_an_amount_returns_straight_to_the_result_with_the_new_total() -> None:
    chat = finished()
    chat.tap("change")
    chat.tap("it_value")
    assert chat.caption("keep") == "Beibehalten: 80.000 €"
    chat.asked.clear()

    chat.type("100.000")

    assert chat.state == "summary"
    assert chat.asked == []
    # 50,000 + 25,000 + 40,000 + 5,000 + 100,000 + 3,000 = 223,000; + 22,300
    assert result_table(chat.replies)["total"] == 245_300
    assert "245.300 €" in chat.text()


def test_switching_bi_cover_on_asks_exactly_the_four_bi_questions_then_the_result() -> None:
    chat = finished(branch_script(funds=True, bi=False, liability="no"))
    assert result_table(chat.replies)["total"] == 184_800
    chat.tap("change")
    chat.asked.clear()

    chat.tap("bi_cover")
    chat.answer({"bi_cover": Tap("yes"), **WORKED_EXAMPLE})

    assert chat.asked == ["bi_cover", *BI_QUESTIONS]
    assert result_table(chat.replies)["total"] == 234_300


def test_switching_it_liability_to_yes_drops_the_third_party_items() -> None:
    chat = finished()
    chat.tap("change")
    chat.tap("it_liability")
    chat.asked.clear()

    chat.tap("yes")

    assert chat.state == "summary"
    assert chat.asked == []
    table = result_table(chat.replies)
    assert "records" not in table
    assert "payment_records" not in table
    assert table["total"] == 121_000
    assert "note.third_party_excluded" in keys(chat.replies[0].footer)


def test_switching_it_liability_to_no_asks_the_three_third_party_questions() -> None:
    chat = finished(branch_script(funds=True, bi=True, liability="yes"))
    chat.tap("change")
    chat.tap("it_liability")
    chat.asked.clear()

    chat.tap("no")
    chat.answer(WORKED_EXAMPLE)

    assert chat.asked == THIRD_PARTY_QUESTIONS
    assert result_table(chat.replies)["total"] == 234_300


def test_cancelling_the_change_menu_keeps_the_result() -> None:
    chat = finished()
    before = chat.conversation
    chat.tap("change")

    chat.tap("cancel")

    assert chat.conversation == before
    assert chat.offered() == ["contact", "report", "change", "restart"]


# --- /start and restart ----------------------------------------------------------------------


def test_start_on_a_fresh_conversation_asks_the_first_question() -> None:
    chat = Chat()

    chat.send(Start())

    assert len(chat.replies) == 1
    assert chat.reply.kind is ReplyKind.QUESTION
    assert chat.reply.question == "it_value"
    assert keys(chat.reply.lines) == ["progress", "q.it_value.text"]


def test_start_during_the_dialog_asks_whether_to_continue_or_restart() -> None:
    chat = chat_at("bi_cover")
    before = chat.conversation

    chat.send(Start())

    assert chat.conversation == before
    assert chat.reply.kind is ReplyKind.CONFIRM
    assert chat.offered() == ["continue", "restart"]


def test_continuing_after_start_asks_the_same_question_with_answers_kept() -> None:
    chat = chat_at("bi_cover")
    before = chat.conversation
    chat.send(Start())

    chat.tap("continue")

    assert chat.conversation == before
    assert chat.reply.question == "bi_cover"


@pytest.mark.parametrize(
    "restart",
    [
        pytest.param(lambda chat: (chat.send(Start()), chat.tap("restart")), id="after-start"),
        pytest.param(lambda chat: chat.send(Restart()), id="command"),
        pytest.param(lambda chat: chat.tap("restart"), id="result-button"),
    ],
)
def test_restart_discards_the_answers_but_keeps_the_language(restart: Move) -> None:
    chat = finished(language="en")

    restart(chat)

    assert chat.conversation == Conversation(language="en")
    assert chat.reply.question == "it_value"
    assert chat.reply.lines[0].key == "restart.done"


def test_repeat_shows_the_current_question_again() -> None:
    chat = chat_at("penalties")
    before = chat.conversation

    chat.send(Repeat())

    assert chat.conversation == before
    assert chat.reply.question == "penalties"


# --- refused input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "typed", "error", "quoted"),
    [
        ("it_value", "zehn", "error.not_a_number", "„zehn“"),
        ("it_value", "-5.000", "error.negative", "(-5.000)"),
        ("it_value", "20 Mrd", "error.too_large.amount", "20.000.000.000 €"),
        ("it_value", "", "error.empty", None),
        ("it_value", "   ", "error.empty", None),
        ("records", "2,5", "error.not_whole", "2,5"),
        ("records", "5 Mrd", "error.too_large.count", "5.000.000.000"),
        ("outage_months", "0", "error.too_small", "Ich habe 0 verstanden"),
        ("outage_months", "40", "error.too_large.months", "40 Monate"),
        ("outage_months", "1,5", "error.not_whole", "1,5"),
        ("client_damage", "viel", "error.not_a_number", "„viel“"),
        ("client_damage", "20 Mrd", "error.too_large.amount_or_unknown", "20.000.000.000 €"),
        ("funds_cover", "vielleicht", "error.not_a_choice", "„vielleicht“"),
        ("it_liability", "kommt drauf an", "error.not_a_choice", "„kommt drauf an“"),
        ("measures", "MFA", "error.use_buttons", None),
    ],
)
def test_refused_answer_explains_and_repeats_the_same_question(
    question: str, typed: str, error: str, quoted: str | None
) -> None:
    chat = chat_at(question)
    before = chat.conversation

    chat.type(typed)

    assert chat.conversation == before
    assert len(chat.replies) == 1
    assert chat.reply.kind is ReplyKind.ERROR
    assert chat.reply.question == question
    assert chat.reply.lines[0].key == error
    assert f"q.{question}.text" in keys(chat.reply.lines)
    if quoted is not None:
        assert quoted in chat.text()


@pytest.mark.parametrize("question", ["it_value", "records", "outage_months", "client_damage"])
@pytest.mark.parametrize(
    "typed", ["1" + "0" * 29, "9" * 5_000, "1" * 39 + " Mrd"], ids=["30 digits", "5000", "Mrd"]
)
def test_numbers_of_any_length_are_refused_in_a_short_message(question: str, typed: str) -> None:
    chat = chat_at(question)

    chat.type(typed)

    assert chat.reply.kind is ReplyKind.ERROR
    assert chat.state == question
    assert len(chat.text()) < 700
    assert len(chat.text("en")) < 700


@pytest.mark.parametrize("question", ["it_value", "funds_cover", "it_liability"])
def test_a_refusal_quotes_only_the_start_of_a_long_answer(question: str) -> None:
    chat = chat_at(question)

    chat.type("Das kann ich so nicht sagen, " * 140)

    shown = chat.text()
    assert shown.startswith("„Das kann ich so nicht sagen, Das kann i…“")
    assert len(shown) < 700


@pytest.mark.parametrize(
    ("question", "typed", "noted", "language"),
    [
        ("it_value", "80.5", "81 € notiert.", "de"),
        ("it_value", "80 Tsd", "80.000 € notiert.", "de"),
        ("it_value", "80k", "Noted: €80,000.", "en"),
        ("client_damage", "1,5 Mio", "1.500.000 € notiert.", "de"),
        ("records", "2.000", "2.000 notiert.", "de"),
        ("outage_months", "1", "1 Monat notiert.", "de"),
        ("outage_months", "3 Monate", "3 Monate notiert.", "de"),
        ("outage_months", "3", "Noted: 3 months.", "en"),
    ],
)
def test_a_typed_number_is_confirmed_at_the_top_of_the_next_message(
    question: str, typed: str, noted: str, language: str
) -> None:
    chat = chat_at(question, language=language)

    chat.type(typed)

    assert chat.state != question
    assert chat.text().startswith(noted)


@pytest.mark.parametrize("answer", [Tap("yes"), "ja", Tap("unknown")])
def test_choices_are_not_confirmed_again(answer: Step) -> None:
    chat = chat_at("funds_cover" if answer != Tap("unknown") else "client_damage")

    chat.give(answer)

    assert not any(m.key.startswith("noted.") for m in chat.reply.lines)


def test_a_changed_amount_is_confirmed_above_the_new_result() -> None:
    chat = finished()
    chat.tap("change")
    chat.tap("it_value")

    chat.type("100.000")

    assert chat.text().startswith("100.000 € notiert.")


def test_refused_answer_says_what_is_expected() -> None:
    chat = chat_at("records")

    chat.type("viele")

    assert "expect.count" in keys(chat.reply.lines)


def test_refused_answer_keeps_the_back_button() -> None:
    chat = chat_at("funds")

    chat.type("weiß nicht")

    assert "back" in chat.offered()


@pytest.mark.parametrize(
    ("question", "typed", "stored", "next_question"),
    [
        ("funds_cover", "ja", True, "funds"),
        ("funds_cover", "Nein.", False, "bi_cover"),
        ("bi_cover", "JA", True, "monthly_costs"),
        ("it_liability", "weiß nicht", "unsure", "records"),
        ("it_liability", "ja", "yes", "measures"),
        ("client_damage", "weiß nicht", None, "measures"),
        ("client_damage", "1,5 Mio", 1_500_000, "measures"),
        ("payment_records", "keine", 0, "client_damage"),
        ("outage_months", "3 Monate", 3, "penalties"),
        ("measures", "fertig", [], "training"),
    ],
)
def test_typed_words_answer_like_the_buttons(
    question: str, typed: str, stored: object, next_question: str
) -> None:
    chat = chat_at(question)

    chat.type(typed)

    assert chat.answers[question] == stored
    assert type(chat.answers[question]) is type(stored)
    assert chat.state == next_question


@pytest.mark.parametrize("ask", [lambda chat: chat.type("hilfe"), lambda chat: chat.tap("help")])
def test_help_explains_the_question_without_moving_on(ask: Move) -> None:
    chat = chat_at("monthly_costs")
    before = chat.conversation

    ask(chat)

    assert chat.conversation == before
    assert chat.reply.question == "monthly_costs"
    assert chat.reply.lines[0].key == "q.monthly_costs.help"


def test_help_on_the_result_explains_the_figures_and_the_actions() -> None:
    chat = finished()
    before = chat.conversation

    chat.send(Help())

    assert chat.conversation == before
    assert keys(chat.reply.lines) == ["why.intro", "help.summary"]
    assert chat.offered() == ["contact", "report", "change", "restart"]


def test_typing_on_the_result_points_to_the_buttons() -> None:
    chat = finished()
    before = chat.conversation

    chat.type("und jetzt?")

    assert chat.conversation == before
    assert chat.reply.lines[0].key == "summary.use_buttons"


# --- stale buttons ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "event"),
    [
        ("bi_cover", Choose("yes", "funds_cover")),
        ("bi_cover", Choose("back", "funds_cover")),
        ("bi_cover", Choose("maybe", "bi_cover")),
        ("it_liability", Choose("0", "penalties")),
        ("training", Choose("mfa", "measures")),
        ("funds_cover", Choose("restart", "summary")),
        ("funds_cover", Choose("it_value", "change")),
        ("summary", Choose("mfa", "measures")),
        ("summary", Choose("no", "training")),
    ],
)
def test_button_of_another_question_changes_nothing_and_asks_again(
    question: str, event: Choose
) -> None:
    chat = chat_at(question)
    before = chat.conversation

    chat.send(event)

    assert chat.conversation == before
    assert chat.replies[0].lines[0].key == "stale.button"
    if question != "summary":
        assert chat.reply.question == question
    else:
        assert chat.offered() == ["contact", "report", "change", "restart"]


# --- the checklist ---------------------------------------------------------------------------


def test_ticking_a_measure_marks_it_and_edits_the_checklist_in_place() -> None:
    chat = chat_at("measures")
    assert chat.caption("mfa") == "⬜ Mehr-Faktor-Anmeldung (MFA)"

    chat.tap("mfa")

    assert chat.state == "measures"
    assert chat.reply.kind is ReplyKind.CHECKLIST
    assert chat.reply.edit
    assert chat.caption("mfa") == "✅ Mehr-Faktor-Anmeldung (MFA)"
    assert chat.caption("backup") == "⬜ Datensicherung außer Haus"
    assert chat.caption("done") == "Fertig"


def test_ticking_a_measure_twice_unmarks_it() -> None:
    chat = chat_at("measures")

    chat.tap("mfa")
    chat.tap("mfa")

    assert chat.caption("mfa") == "⬜ Mehr-Faktor-Anmeldung (MFA)"


def test_done_stores_the_ticked_measures() -> None:
    chat = chat_at("measures")

    for measure in ("updates", "firewall", "mfa", "antivirus", "antivirus"):
        chat.tap(measure)
    chat.tap("done")

    stored = chat.answers["measures"]
    assert isinstance(stored, list)
    assert sorted(stored) == ["firewall", "mfa", "updates"]
    assert chat.state == "training"


def test_result_lists_missing_knockout_measures_first() -> None:
    chat = finished()

    listed = missing_lines(chat.replies)

    assert {measure for measure, _ in listed[:3]} == {"mfa", "backup", "updates"}
    assert all(knockout for _, knockout in listed[:3])
    assert not any(knockout for _, knockout in listed[3:])
    assert {measure for measure, _ in listed[3:]} == {
        "antivirus",
        "encryption",
        "firewall",
        "emergency_plan",
        "emergency_contact",
        "training",
    }
    assert "❗ Mehr-Faktor-Anmeldung (MFA)" in chat.text()


def test_result_lists_only_the_measures_that_are_missing() -> None:
    script = {**WORKED_EXAMPLE, "measures": ("updates", "mfa", "firewall"), "training": "ja"}

    listed = missing_lines(finished(script).replies)

    assert listed[0] == ("backup", True)
    assert {measure for measure, _ in listed} == {
        "backup",
        "antivirus",
        "encryption",
        "emergency_plan",
        "emergency_contact",
    }


def test_result_praises_when_every_measure_is_in_place() -> None:
    everything = ("updates", "antivirus", "encryption", "firewall", "backup", "mfa")
    script = {
        **WORKED_EXAMPLE,
        "measures": (*everything, "emergency_plan", "emergency_contact"),
        "training": "ja",
    }

    chat = finished(script)

    assert missing_lines(chat.replies) == []
    assert "measures.all_present" in keys(chat.reply.lines)


# --- serialisation -------------------------------------------------------------------------

ROUND_TRIP_EVENTS: tuple[Event, ...] = (
    Start(),
    Text("80.000"),
    Choose("yes", "funds_cover"),
    Text("zehn"),
    Text("25.000"),
    Choose("yes", "bi_cover"),
    Text("30.000"),
    Choose("0", "monthly_profit"),
    Choose("2", "outage_months"),
    Text("keine"),
    Choose("unsure", "it_liability"),
    Text("2.000"),
    Back(),
    Choose("keep", "records"),
    Choose("0", "payment_records"),
    Choose("unknown", "client_damage"),
    Choose("mfa", "measures"),
    Choose("backup", "measures"),
    Choose("done", "measures"),
    Choose("no", "training"),
    Choose("change", "summary"),
    Choose("bi_cover", "change"),
    Choose("no", "bi_cover"),
    Choose("change", "summary"),
    Choose("funds_cover", "change"),
    Start(),
    Choose("continue", "resume"),
    Choose("keep", "funds_cover"),
    SetLanguage("en"),
    RequestContact(broker="Muster GmbH", profile_name="Erika Muster"),
    Choose("suggested", "contact_name"),
    Text("0171 2345678"),
    Choose("any", "contact_time"),
    Back(),
    Choose("skip", "contact_time"),
    Choose("consent", "contact_consent"),
    Text("Bitte erst nach 14 Uhr anrufen."),
)


def typed(answers: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Answers with their Python types, since True == 1 would hide a bool turned into an int."""
    return {key: (type(value), value) for key, value in answers.items()}


def test_conversation_survives_json_at_every_state_and_continues_identically() -> None:
    conversation = Conversation()
    states = set()
    for event in ROUND_TRIP_EVENTS:
        restored = Conversation.from_dict(json.loads(json.dumps(conversation.to_dict())))
        assert restored == conversation
        assert typed(restored.answers) == typed(conversation.answers)

        assert step(restored, event) == step(conversation, event)

        conversation = step(conversation, event).conversation
        states.add((conversation.state, conversation.editing))

    assert {state for state, _ in states} == {*ALL_QUESTIONS, "summary", *CONTACT_STATES}
    assert ("funds_cover", True) in states
    assert conversation.language == "en"


# --- the PDF report --------------------------------------------------------------------------


def test_report_button_asks_the_adapter_for_the_pdf_and_changes_nothing() -> None:
    chat = finished()
    before = chat.conversation

    outcome = step(chat.conversation, Choose("report", "summary"))

    assert outcome.report_requested
    assert outcome.conversation == before
    assert outcome.replies == ()


def test_report_button_still_works_during_the_contact_flow() -> None:
    chat = finished()
    chat.send(RequestContact("Muster GmbH"))
    assert chat.state == "contact_name"

    outcome = step(chat.conversation, Choose("report", "summary"))

    assert outcome.report_requested
    assert outcome.conversation.state == "contact_name"


def test_report_button_before_the_result_is_a_stale_button() -> None:
    chat = chat_at("training")

    outcome = step(chat.conversation, Choose("report", "summary"))

    assert not outcome.report_requested
    assert outcome.replies[0].lines[0].key == "stale.button"
